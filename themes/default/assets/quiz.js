/* quiz.js: knowledge checks. The scorer applies the answer keys that courseware/scoring.py
   computes, with the same rules as its score(); tests run both on the same vectors.
   Without a DOM (node), only window.CoursewareQuiz = {score, normalizeText, parseNumber}. */
((root) => {
  "use strict";

  /* Python's str.split() whitespace, exactly (JS \s differs: \x1c-\x1f, \x85, \ufeff). */
  var WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var WS_RUN = new RegExp("[" + WS + "]+", "g");
  var WS_EDGES = new RegExp("^[" + WS + "]+|[" + WS + "]+$", "g");
  var MARKS = /\p{Mn}/gu;
  var DIGIT = /^\p{Nd}$/u;
  var FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?$/;
  var SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

  /* Python's str.casefold(): lower-upper-lower gives the full folds (ß, ẞ -> ss, ﬁ -> fi,
     ς -> σ) except for dotless ı, which casefold keeps. */
  function casefold(text) {
    return text.split("\u0131").map((part) => {
      return part.toLowerCase().toUpperCase().toLowerCase().replace(/\u03c2/g, "\u03c3");
    }).join("\u0131");
  }

  /* Python's float() reads every Unicode decimal digit; they come in runs of ten, 0 to 9. */
  function asciiDigits(text) {
    return text.replace(/\p{Nd}/gu, (digit) => {
      var code = digit.codePointAt(0);
      var steps = 0;
      while (DIGIT.test(String.fromCodePoint(code - steps - 1))) steps += 1;
      return String(steps % 10);
    });
  }

  /* scoring.normalize_text: whitespace always; case (casefold) and accents on request. */
  function normalizeText(text, caseSensitive, accentSensitive) {
    var folded = String(text).replace(WS_EDGES, "").replace(WS_RUN, " ");
    if (!caseSensitive) folded = casefold(folded);
    if (!accentSensitive) folded = folded.normalize("NFD").replace(MARKS, "");
    return folded.normalize("NFC");
  }

  /* scoring._parse_number: "1,5" -> 1.5, "1,000" -> 1000, otherwise Python float(). */
  function parseNumber(text) {
    var cleaned = String(text).replace(WS_EDGES, "").replace(/[ \u00a0]/g, "");
    var commas = cleaned.split(",").length - 1;
    if (commas === 1 && cleaned.indexOf(".") < 0) cleaned = cleaned.replace(",", ".");
    else cleaned = cleaned.replace(/,/g, "");
    cleaned = asciiDigits(cleaned).replace(WS_EDGES, "");
    var special = SPECIAL.exec(cleaned);
    if (special) {
      if (special[2].toLowerCase() === "nan") return NaN;
      return special[1] === "-" ? -Infinity : Infinity;
    }
    if (!FLOAT.test(cleaned)) return null;
    return parseFloat(cleaned.replace(/_/g, ""));
  }

  function round6(x) {
    return Math.round(x * 1e6) / 1e6;
  }

  function sameSet(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (b.indexOf(a[i]) < 0) return false;
    return true;
  }

  function unique(list) {
    var out = [];
    for (var i = 0; i < list.length; i++) if (out.indexOf(list[i]) < 0) out.push(list[i]);
    return out;
  }

  function has(object, name) {
    return object !== null && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, name);
  }

  /* Fraction of the points (0..1) a response earns; null for manually graded questions. */
  function score(key, response) {
    var i;
    switch (key.type) {
      case "single_choice":
      case "multiple_response": {
        var chosen = unique(response || []);
        var total = 0;
        for (i = 0; i < chosen.length; i++) {
          var index = chosen[i];
          if (typeof index === "number" && index >= 0 && index < key.credits.length) total += key.credits[index];
        }
        total = Math.max(0, Math.min(1, total));
        if (key.type === "multiple_response" && !key.partial) return sameSet(chosen, key.correct) ? 1 : 0;
        return round6(total);
      }
      case "true_false":
        return response === key.answer ? 1 : 0;
      case "short_answer": {
        var typed = normalizeText(response || "", key.case_sensitive, key.accent_sensitive);
        var best = 0;
        for (i = 0; i < key.answers.length; i++) {
          if (typed === key.answers[i].text) best = Math.max(best, key.answers[i].credit);
        }
        return best;
      }
      case "numeric": {
        var value = parseNumber(response || "");
        if (value === null) return 0;
        return key.low - 1e-9 <= value && value <= key.high + 1e-9 ? 1 : 0;
      }
      case "matching": {
        var given = response || {};
        var right = 0;
        for (i = 0; i < key.pairs.length; i++) {
          if (has(given, key.pairs[i][0]) && given[key.pairs[i][0]] === key.pairs[i][1]) right += 1;
        }
        return round6(right / key.pairs.length);
      }
      case "ordering": {
        var order = response || [];
        if (order.length !== key.order.length) return 0;
        for (i = 0; i < order.length; i++) if (order[i] !== key.order[i]) return 0;
        return 1;
      }
      case "cloze": {
        var blanks = Object.keys(key.blanks);
        var filled = response || {};
        var correct = 0;
        for (i = 0; i < blanks.length; i++) {
          var blank = key.blanks[blanks[i]];
          var text = has(filled, blanks[i]) ? filled[blanks[i]] : "";
          var norm = normalizeText(text, blank.case_sensitive, blank.accent_sensitive);
          if (blank.answers.indexOf(norm) >= 0) correct += 1;
        }
        return round6(correct / blanks.length);
      }
      default:
        return null;
    }
  }

  root.CoursewareQuiz = { score: score, normalizeText: normalizeText, parseNumber: parseNumber };
  if (typeof document === "undefined" || !root.Courseware) return;

  var cw = root.Courseware;
  var keys = cw.data.keys || {};

  function all(node, selector) {
    return Array.prototype.slice.call(node.querySelectorAll(selector));
  }

  function response(box, type) {
    if (type === "single_choice" || type === "multiple_response") {
      return all(box, "input:checked").map((input) => Number(input.value));
    }
    if (type === "true_false") {
      var picked = box.querySelector("input:checked");
      return picked ? picked.value === "true" : null;
    }
    if (type === "short_answer" || type === "numeric") return box.querySelector(".cw-input").value;
    if (type === "matching") {
      var pairs = {};
      all(box, ".cw-match").forEach((row) => {
        pairs[row.getAttribute("data-left")] = row.querySelector("select").value;
      });
      return pairs;
    }
    if (type === "ordering") {
      return all(box, ".cw-order-item").map((item) => item.getAttribute("data-item"));
    }
    if (type === "cloze") {
      var blanks = {};
      all(box, "[data-blank]").forEach((field) => { blanks[field.getAttribute("data-blank")] = field.value; });
      return blanks;
    }
    return null;
  }

  function answered(type, value) {
    if (type === "single_choice" || type === "multiple_response") return value.length > 0;
    if (type === "true_false") return value !== null;
    if (type === "short_answer" || type === "numeric") return value.trim() !== "";
    if (type === "matching" || type === "cloze") {
      return Object.keys(value).some((name) => value[name] !== "");
    }
    return true;
  }

  function restore(box, type, value) {
    if (type === "single_choice" || type === "multiple_response") {
      all(box, "input").forEach((input) => { input.checked = value.indexOf(Number(input.value)) >= 0; });
    } else if (type === "true_false") {
      all(box, "input").forEach((input) => { input.checked = (input.value === "true") === value; });
    } else if (type === "short_answer" || type === "numeric") {
      box.querySelector(".cw-input").value = value;
    } else if (type === "matching") {
      all(box, ".cw-match").forEach((row) => {
        var select = row.querySelector("select");
        var wanted = value[row.getAttribute("data-left")];
        if (wanted !== undefined && all(select, "option").some((o) => o.value === wanted)) {
          select.value = wanted;
        }
      });
    } else if (type === "ordering") {
      var list = box.querySelector(".cw-order");
      var items = all(list, ".cw-order-item");
      value.forEach((text) => {
        items.forEach((item) => { if (item.getAttribute("data-item") === text) list.appendChild(item); });
      });
    } else if (type === "cloze") {
      all(box, "[data-blank]").forEach((field) => {
        var wanted = value[field.getAttribute("data-blank")];
        if (typeof wanted === "string") field.value = wanted;
      });
    }
  }

  function mark(node, ok) {
    node.classList.remove("cw-right", "cw-wrong");
    if (ok === null) return;
    node.classList.add(ok ? "cw-right" : "cw-wrong");
    var label = node.querySelector(".cw-mark");
    if (!label) {
      label = document.createElement("span");
      label.className = "cw-mark";
      (node.querySelector(".cw-option, .cw-order-text, label") || node).appendChild(label);
    }
    label.textContent = cw.t(ok ? "item_correct" : "item_incorrect");
  }

  function clearMarks(box) {
    all(box, ".cw-right, .cw-wrong").forEach((node) => { node.classList.remove("cw-right", "cw-wrong"); });
    all(box, ".cw-mark").forEach((node) => { node.parentNode.removeChild(node); });
    all(box, "[aria-invalid]").forEach((node) => { node.removeAttribute("aria-invalid"); });
  }

  function showDetails(box, type, key, value, fraction) {
    all(box, ".cw-choice-feedback, .cw-answer-feedback").forEach((node) => { node.hidden = true; });
    clearMarks(box);
    if (type === "single_choice" || type === "multiple_response") {
      all(box, ".cw-choice").forEach((choice) => {
        var index = Number(choice.getAttribute("data-index"));
        if (value.indexOf(index) < 0) return;
        var note = choice.querySelector(".cw-choice-feedback");
        if (note) note.hidden = false;
        mark(choice, key.correct.indexOf(index) >= 0);
      });
    } else if (type === "short_answer") {
      var typed = normalizeText(value, key.case_sensitive, key.accent_sensitive);
      key.answers.forEach((answer, index) => {
        var note = box.querySelector('.cw-answer-feedback[data-answer="' + index + '"]');
        if (note && answer.text === typed) note.hidden = false;
      });
    } else if (type === "matching") {
      var right = {};
      key.pairs.forEach((pair) => { right[pair[0]] = pair[1]; });
      all(box, ".cw-match").forEach((row) => {
        var select = row.querySelector("select");
        var ok = select.value === right[row.getAttribute("data-left")];
        mark(row, select.value === "" ? false : ok);
      });
    } else if (type === "cloze") {
      all(box, "[data-blank]").forEach((field) => {
        var blank = key.blanks[field.getAttribute("data-blank")];
        var ok = blank.answers.indexOf(normalizeText(field.value, blank.case_sensitive, blank.accent_sensitive)) >= 0;
        if (!ok) field.setAttribute("aria-invalid", "true");
        field.classList.add(ok ? "cw-right" : "cw-wrong");
      });
    } else if (type === "ordering" && fraction < 1) {
      all(box, ".cw-order-item").forEach((item, index) => {
        mark(item, item.getAttribute("data-item") === key.order[index]);
      });
    }
  }

  function showResult(box, type, value, fraction) {
    var key = keys[box.getAttribute("data-question")];
    var status = box.querySelector(".cw-status");
    var percent = Math.round(fraction * 100);
    status.className = "cw-status " + (fraction >= 1 ? "cw-status-right" : fraction > 0 ? "cw-status-partial" : "cw-status-wrong");
    status.textContent = fraction >= 1 ? cw.t("correct") : fraction > 0 ? cw.t("partial", { percent: percent }) : cw.t("incorrect");
    var good = box.querySelector(".cw-feedback-correct");
    var bad = box.querySelector(".cw-feedback-incorrect");
    var general = box.querySelector(".cw-feedback-general");
    if (good) good.hidden = fraction < 1;
    if (bad) bad.hidden = fraction >= 1;
    if (general) general.hidden = false;
    showDetails(box, type, key, value, fraction);
  }

  function check(box) {
    var id = box.getAttribute("data-question");
    var type = box.getAttribute("data-type");
    var value = response(box, type);
    var status = box.querySelector(".cw-status");
    if (!answered(type, value)) {
      status.className = "cw-status cw-status-wrong";
      status.textContent = cw.t("answer_first");
      return;
    }
    var fraction = score(keys[id], value);
    showResult(box, type, value, fraction);
    cw.update((state) => {
      state.answers = state.answers || {};
      state.answers[id] = { response: value, score: fraction };
    });
    cw.emit("courseware:answer", { question: id, type: type, response: value, score: fraction, lesson: cw.data.lesson });
  }

  function move(button) {
    var item = button.closest(".cw-order-item");
    var list = item.parentNode;
    var step = Number(button.getAttribute("data-move"));
    var sibling = step < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    list.insertBefore(item, step < 0 ? sibling : sibling.nextElementSibling);
    button.focus();
    var items = all(list, ".cw-order-item");
    var box = list.closest(".cw-question");
    var announce = box.querySelector(".cw-announce");
    if (announce) {
      announce.textContent = cw.t("moved", {
        item: item.getAttribute("data-item"), pos: items.indexOf(item) + 1, total: items.length,
      });
    }
  }

  function countWords(area) {
    var text = area.value.trim();
    var words = text ? text.split(/\s+/).length : 0;
    var out = area.closest(".cw-question").querySelector(".cw-wordcount");
    if (out) out.textContent = cw.t("words", { n: words });
  }

  function button(className, text, label) {
    var node = document.createElement("button");
    node.type = "button";
    node.className = className;
    node.textContent = text;
    if (label) node.setAttribute("aria-label", label);
    return node;
  }

  function addControls(box, type) {
    if (type === "ordering") {
      all(box, ".cw-order-item").forEach((item) => {
        var text = item.getAttribute("data-item");
        var group = document.createElement("span");
        group.className = "cw-order-buttons";
        var up = button("cw-icon-button", "\u2191", cw.t("up", { item: text }));
        var down = button("cw-icon-button", "\u2193", cw.t("down", { item: text }));
        up.setAttribute("data-move", "-1");
        down.setAttribute("data-move", "1");
        group.appendChild(up);
        group.appendChild(down);
        item.appendChild(group);
      });
    }
    var actions = document.createElement("div");
    actions.className = "cw-actions";
    var checkButton = button("cw-button", cw.t("check"));
    checkButton.setAttribute("data-action", "check");
    actions.appendChild(checkButton);
    box.insertBefore(actions, box.querySelector(".cw-feedback"));
  }

  var saved = cw.read().answers || {};
  all(document, ".cw-question").forEach((box) => {
    var id = box.getAttribute("data-question");
    var type = box.getAttribute("data-type");
    if (type !== "essay") addControls(box, type);
    if (type === "essay") {
      var area = box.querySelector("textarea");
      if (saved[id] && typeof saved[id].response === "string") area.value = saved[id].response;
      countWords(area);
      area.addEventListener("input", () => {
        countWords(area);
        cw.update((state) => {
          state.answers = state.answers || {};
          state.answers[id] = { response: area.value, score: null };
        });
      });
      return;
    }
    if (saved[id] && saved[id].response !== undefined && saved[id].response !== null && keys[id]) {
      try {
        restore(box, type, saved[id].response);
        showResult(box, type, response(box, type), score(keys[id], response(box, type)));
      } catch (e) {
      }
    }
  });

  document.addEventListener("click", (event) => {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target) return;
    var box = target.closest(".cw-question");
    if (!box) return;
    if (target.getAttribute("data-action") === "check") check(box);
    else if (target.hasAttribute("data-move")) move(target);
  });
})(typeof window !== "undefined" ? window : globalThis);

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

  /* The page: one .cw-question[data-question][data-type] per question. This script adds the
     Check buttons (and the up/down buttons of ordering questions), shows the result in the
     question's .cw-status, keeps answers in localStorage and announces "courseware:answer". */
  var cw = root.Courseware;
  var keys = cw.data.keys || {};

  function all(node, selector) {
    return Array.prototype.slice.call(node.querySelectorAll(selector));
  }

  function isChoice(type) {
    return type === "single_choice" || type === "multiple_response";
  }

  function isTyped(type) {
    return type === "short_answer" || type === "numeric";
  }

  function itemText(item) {
    return item.getAttribute("data-item");
  }

  /* Matching rows and cloze blanks as [name, form field] pairs. */
  function parts(box, type) {
    if (type === "matching") {
      return all(box, ".cw-match").map((row) => [row.getAttribute("data-left"), row.querySelector("select")]);
    }
    return all(box, "[data-blank]").map((field) => [field.getAttribute("data-blank"), field]);
  }

  /* The learner's response, in the shape score() takes. */
  function response(box, type) {
    var picked = all(box, "input:checked");
    if (isChoice(type)) return picked.map((input) => Number(input.value));
    if (type === "true_false") return picked.length ? picked[0].value === "true" : null;
    if (isTyped(type)) return box.querySelector(".cw-input").value;
    if (type === "ordering") return all(box, ".cw-order-item").map(itemText);
    var out = {};
    parts(box, type).forEach((part) => { out[part[0]] = part[1].value; });
    return out;
  }

  function answered(value) {
    if (value === null) return false;
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === "string") return value.trim() !== "";
    if (typeof value === "object") return Object.keys(value).some((name) => value[name] !== "");
    return true;
  }

  /* Put a saved response back on the page. */
  function restore(box, type, value) {
    if (isChoice(type) || type === "true_false") {
      all(box, "input").forEach((input) => {
        input.checked = isChoice(type) ? value.indexOf(Number(input.value)) >= 0 : (input.value === "true") === value;
      });
    } else if (isTyped(type)) {
      box.querySelector(".cw-input").value = value;
    } else if (type === "ordering") {
      var list = box.querySelector(".cw-order");
      var items = all(list, ".cw-order-item");
      value.forEach((text) => {
        items.forEach((item) => { if (itemText(item) === text) list.appendChild(item); });
      });
    } else {
      parts(box, type).forEach((part) => {
        var wanted = value[part[0]];
        if (typeof wanted !== "string") return;
        part[1].value = wanted;
        if (part[1].selectedIndex < 0) part[1].selectedIndex = 0;
      });
    }
  }

  /* Mark a choice, matching row or ordering item right or wrong, in words as well as colour. */
  function mark(node, ok) {
    node.classList.add(ok ? "cw-right" : "cw-wrong");
    var label = document.createElement("span");
    label.className = "cw-mark";
    label.textContent = cw.t(ok ? "item_correct" : "item_incorrect");
    var host = node.querySelector(".cw-option, label") || node;
    host.insertBefore(label, host === node ? node.querySelector(".cw-order-buttons") : null);
  }

  function showDetails(box, type, key, value, fraction) {
    all(box, ".cw-choice-feedback, .cw-answer-feedback").forEach((node) => { node.hidden = true; });
    all(box, ".cw-right, .cw-wrong").forEach((node) => { node.classList.remove("cw-right", "cw-wrong"); });
    all(box, ".cw-mark").forEach((node) => { node.parentNode.removeChild(node); });
    all(box, "[aria-invalid]").forEach((node) => { node.removeAttribute("aria-invalid"); });
    if (isChoice(type)) {
      all(box, ".cw-choice").forEach((choice) => {
        var index = Number(choice.querySelector("input").value);
        if (value.indexOf(index) < 0) return;
        var note = choice.querySelector(".cw-choice-feedback");
        if (note) note.hidden = false;
        mark(choice, key.correct.indexOf(index) >= 0);
      });
    } else if (type === "short_answer") {
      var typed = normalizeText(value, key.case_sensitive, key.accent_sensitive);
      key.answers.forEach((answer, index) => {
        var note = box.querySelector('[data-answer="' + index + '"]');
        if (note && answer.text === typed) note.hidden = false;
      });
    } else if (type === "matching") {
      var right = {};
      key.pairs.forEach((pair) => { right[pair[0]] = pair[1]; });
      parts(box, type).forEach((part) => {
        mark(part[1].parentNode, part[1].value !== "" && part[1].value === right[part[0]]);
      });
    } else if (type === "cloze") {
      all(box, "[data-blank]").forEach((field) => {
        var blank = key.blanks[field.getAttribute("data-blank")];
        var ok = blank.answers.indexOf(normalizeText(field.value, blank.case_sensitive, blank.accent_sensitive)) >= 0;
        if (!ok) field.setAttribute("aria-invalid", "true");
        field.classList.add(ok ? "cw-right" : "cw-wrong");
      });
    } else if (type === "ordering" && fraction < 1) {
      all(box, ".cw-order-item").forEach((item, index) => { mark(item, itemText(item) === key.order[index]); });
    }
  }

  function setStatus(box, kind, text) {
    var status = box.querySelector(".cw-status");
    status.className = "cw-status cw-status-" + kind;
    status.textContent = text;
  }

  function showResult(box, type, value, fraction) {
    var key = keys[box.getAttribute("data-question")];
    var done = fraction >= 1;
    if (done) setStatus(box, "right", cw.t("correct"));
    else if (fraction > 0) setStatus(box, "partial", cw.t("partial", { percent: Math.round(fraction * 100) }));
    else setStatus(box, "wrong", cw.t("incorrect"));
    ["correct", "incorrect", "general"].forEach((name, index) => {
      var note = box.querySelector(".cw-feedback-" + name);
      if (note) note.hidden = index === 0 ? !done : index === 1 ? done : false;
    });
    showDetails(box, type, key, value, fraction);
  }

  function save(id, value, fraction) {
    cw.update((state) => {
      state.answers = state.answers || {};
      state.answers[id] = { response: value, score: fraction };
    });
  }

  function check(box) {
    var id = box.getAttribute("data-question");
    var type = box.getAttribute("data-type");
    var value = response(box, type);
    if (!answered(value)) {
      setStatus(box, "wrong", cw.t("answer_first"));
      return;
    }
    var fraction = score(keys[id], value);
    showResult(box, type, value, fraction);
    save(id, value, fraction);
    cw.emit("courseware:answered", {
      questionId: id, quizId: cw.data.quiz || null, type: type, response: value, correct: fraction >= 1,
      score: fraction, points: keys[id].points, correctPattern: null,
    });
    cw.emit("courseware:answer", { question: id, type: type, response: value, score: fraction, lesson: cw.data.lesson });
  }

  /* Move an ordering item one place up or down; the focus stays on the button pressed. */
  function move(button) {
    var item = button.closest(".cw-order-item");
    var list = item.parentNode;
    var up = button.getAttribute("data-move") < 0;
    var sibling = up ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    list.insertBefore(item, up ? sibling : sibling.nextElementSibling);
    button.focus();
    var items = all(list, ".cw-order-item");
    var announce = list.parentNode.querySelector(".cw-announce");
    if (announce) {
      announce.textContent = cw.t("moved", { item: itemText(item), pos: items.indexOf(item) + 1, total: items.length });
    }
  }

  function countWords(area) {
    var text = area.value.trim();
    var out = area.closest(".cw-question").querySelector(".cw-wordcount");
    if (out) out.textContent = cw.t("words", { n: text ? text.split(/\s+/).length : 0 });
  }

  function button(parent, className, text, label) {
    var node = document.createElement("button");
    node.type = "button";
    node.className = className;
    node.textContent = text;
    if (label) node.setAttribute("aria-label", label);
    parent.appendChild(node);
    return node;
  }

  var saved = cw.read().answers || {};
  all(document, ".cw-question").forEach((box) => {
    var id = box.getAttribute("data-question");
    var type = box.getAttribute("data-type");
    var old = saved[id];
    if (type === "essay") {
      var area = box.querySelector("textarea");
      if (old && typeof old.response === "string") area.value = old.response;
      countWords(area);
      area.addEventListener("input", () => {
        countWords(area);
        save(id, area.value, null);
      });
      return;
    }
    all(box, ".cw-order-item").forEach((item) => {
      var group = document.createElement("span");
      group.className = "cw-order-buttons";
      item.appendChild(group);
      button(group, "cw-icon-button", "\u2191", cw.t("up", { item: itemText(item) })).setAttribute("data-move", "-1");
      button(group, "cw-icon-button", "\u2193", cw.t("down", { item: itemText(item) })).setAttribute("data-move", "1");
    });
    var actions = document.createElement("div");
    actions.className = "cw-actions";
    box.insertBefore(actions, box.querySelector(".cw-feedback"));
    button(actions, "cw-button", cw.t("check")).setAttribute("data-action", "check");
    if (old && old.response !== undefined && old.response !== null && keys[id]) {
      try {
        restore(box, type, old.response);
        var value = response(box, type);
        showResult(box, type, value, score(keys[id], value));
      } catch (e) {
        /* an answer saved by an older version of the page: start afresh */
      }
    }
  });

  /* lms.js offers the final quiz's submit button only once every question can be checked. */
  document.documentElement.setAttribute("data-cw-quiz-ready", "");
  document.dispatchEvent(new CustomEvent("courseware:quiz-ready"));

  document.addEventListener("click", (event) => {
    var target = event.target.closest ? event.target.closest("button") : null;
    var box = target && target.closest(".cw-question");
    if (!box) return;
    if (target.getAttribute("data-action") === "check") check(box);
    else if (target.hasAttribute("data-move")) move(target);
  });
})(typeof window !== "undefined" ? window : globalThis);

/* lms.js: completion, score, interactions and bookmark for courseware's LMS packages
   (SCORM 1.2, SCORM 2004 4th edition, cmi5) and the plain web copy.

   The package step puts it, after assets/course-data.js (window.COURSEWARE_COURSE), on
   every page. It has two roles:
   - host: on the package's launch page (lms.html, <html data-cw-host>) it connects to the
     LMS once (SCORM API found by walking parent and opener frames, or a cmi5 launch URL),
     keeps the learner's state, writes it, and shows the course pages in a frame. One
     connection for the whole visit is what keeps a multi-page course from initialising
     and finishing on every page.
   - page: on a course page it reports lesson views, answers and the final quiz to that
     host, or, with no host (web copy, opened from disk), to one kept in localStorage.
   Listens to courseware:lesson-viewed {lessonId} / courseware:answered {questionId, ...} /
   courseware:block-done {blockId, kind, score, detail} (a scored block: scenario, sort; an
   answer to a question inside a video's cues, .cw-cues[data-video], is one too)
   (and the older courseware:visit {lesson} / courseware:answer {question, ...}).
   A missing LMS or a failing call is logged to the console and never stops the course.
   Without a DOM (node), only exports its pure helpers: module.exports = CoursewareLMS. */
(function (root) {
  "use strict";

  var DATA_VERSION = 1;
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var IDS = "abcdefghijklmnopqrstuvwxyz0123456789";
  var COMMIT_DELAY_MS = 5000;
  /* A failed Commit / LMSCommit is tried again after 1, 2, 4 ... s (at most 60 s between
     tries) until one succeeds or the session ends (api.retry, so tests can shorten it). */
  var RETRY = { first: 1000, most: 60000 };
  var XAPI = "http://adlnet.gov/expapi/verbs/";
  var CMI5 = "https://w3id.org/xapi/cmi5/context/";
  var STATE_ID = "courseware.state";

  function log(message, detail) {
    try {
      if (root.console) root.console.warn("[courseware lms] " + message, detail === undefined ? "" : detail);
    } catch (e) { /* no console */ }
  }

  function format(text, fields) {
    return String(text).replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(fields || {}, name) ? String(fields[name]) : whole;
    });
  }

  /* strings[key] with {n} filled in, in the plural form the language's rules pick for n
     ("<key>.one", "<key>.few" ...; the plain key is the "other" form). Without
     Intl.PluralRules, 1 is "one" and every other count "other". */
  function plural(strings, key, n, language) {
    var category = n === 1 ? "one" : "other";
    try {
      if (root.Intl && root.Intl.PluralRules) category = new root.Intl.PluralRules(language).select(n);
    } catch (e) { /* an unknown language tag: keep the fallback */ }
    var text = strings[key + "." + category];
    return format(text === undefined ? strings[key] : text, { n: n });
  }

  function round(value, places) {
    var factor = Math.pow(10, places);
    return Math.round(value * factor) / factor;
  }

  function pad(text, width) {
    while (text.length < width) text = "0" + text;
    return text;
  }

  /* ---- the learner's state and its compact encoding (suspend_data) ------------------- */

  function emptyState(course) {
    var viewed = [];
    for (var i = 0; i < course.lessons.length; i++) viewed.push(false);
    var blocks = [];
    for (var j = 0; course.score_blocks && j < (course.blocks || []).length; j++) blocks.push(null);
    return { viewed: viewed, attempts: 0, best: null, passed: false, draw: null, blocks: blocks };
  }

  function drawWidth(course) {
    var count = course.quiz ? course.quiz.questions.length : 0;
    return Math.max(count - 1, 0).toString(36).length;
  }

  /* "1.<viewed: base64url, 6 lessons a character>.<attempts>.<best score x 10000>.<passed>.<draw>"
     and, when scored blocks count (course.score_blocks), ".<best of each block x 1000, 2 base-36
     digits, zz: not done>"; courseware/package/runtime.py suspend_data_size() computes its worst case. */
  function encodeState(state, course) {
    var bits = "";
    var value = 0;
    var count = course.lessons.length;
    for (var i = 0; i < count; i++) {
      if (state.viewed[i]) value |= 1 << (i % 6);
      if (i % 6 === 5 || i === count - 1) {
        bits += B64.charAt(value);
        value = 0;
      }
    }
    var draw = "";
    var width = drawWidth(course);
    for (var j = 0; state.draw && j < state.draw.length; j++) draw += pad(state.draw[j].toString(36), width);
    var best = state.best === null ? "" : Math.round(state.best * 10000).toString(36);
    var parts = [DATA_VERSION, bits, Math.min(state.attempts, 1295).toString(36), best, state.passed ? "1" : "0", draw];
    if (course.score_blocks) {
      parts.push(state.blocks.map(function (value) {
        return value === null ? "zz" : pad(Math.round(value * 1000).toString(36), 2);
      }).join(""));
    }
    return parts.join(".");
  }

  function decodeState(text, course) {
    var state = emptyState(course);
    if (!text) return state;
    var parts = String(text).split(".");
    if ((parts.length !== 6 && parts.length !== 7) || parts[0] !== String(DATA_VERSION)) {
      log("suspend_data is not in a format this course knows; starting afresh");
      return state;
    }
    for (var i = 0; i < course.lessons.length; i++) {
      var code = B64.indexOf(parts[1].charAt(Math.floor(i / 6)));
      if (code > 0 && (code >> (i % 6)) & 1) state.viewed[i] = true;
    }
    state.attempts = parseInt(parts[2], 36) || 0;
    state.best = parts[3] === "" ? null : Math.min(1, (parseInt(parts[3], 36) || 0) / 10000);
    state.passed = parts[4] === "1";
    if (parts[5] && course.quiz) {
      var width = drawWidth(course);
      var draw = [];
      for (var j = 0; j + width <= parts[5].length; j += width) {
        var index = parseInt(parts[5].slice(j, j + width), 36);
        if (index >= 0 && index < course.quiz.questions.length && draw.indexOf(index) < 0) draw.push(index);
      }
      state.draw = draw.length ? draw : null;
    }
    for (var k = 0; parts[6] && k < state.blocks.length; k++) {
      var code36 = parts[6].slice(2 * k, 2 * k + 2);
      var kept = parseInt(code36, 36);
      if (code36.length === 2 && kept >= 0 && kept <= 1000) state.blocks[k] = kept / 1000;
    }
    return state;
  }

  function shuffle(list, random) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var keep = list[i];
      list[i] = list[j];
      list[j] = keep;
    }
    return list;
  }

  /* One attempt's questions (candidate indices): every pick, n from each draw's pool. */
  function drawQuestions(course, random) {
    var quiz = course.quiz;
    var out = [];
    random = random || Math.random;
    for (var i = 0; i < quiz.parts.length; i++) {
      var pool = quiz.parts[i][1].filter(function (index) { return out.indexOf(index) < 0; });
      out = out.concat(shuffle(pool, random).slice(0, quiz.parts[i][0]));
    }
    return quiz.shuffle ? shuffle(out, random) : out;
  }

  function scopeOf(course, sco) {
    if (sco && course.scos && course.scos[sco]) return course.scos[sco];
    var all = [];
    for (var i = 0; i < course.lessons.length; i++) all.push(i);
    return { lessons: all, quiz: !!course.quiz, start: "index" };
  }

  /* What to report: completion, success, score (0..1 or null) and progress. */
  function summarize(state, course, scope, passing) {
    var seen = 0;
    for (var i = 0; i < scope.lessons.length; i++) if (state.viewed[scope.lessons[i]]) seen += 1;
    var allSeen = seen === scope.lessons.length;
    var judged = !!(scope.quiz && course.quiz);
    var out = { judged: judged, attempts: state.attempts, progress: scope.lessons.length ? seen / scope.lessons.length : 0 };
    if (judged) {
      var submitted = state.attempts > 0;
      if (course.completion === "final_quiz") out.completed = state.passed;
      else out.completed = scope.lessons.length ? allSeen : submitted;
      out.success = !submitted ? "unknown" : state.passed ? "passed" : "failed";
      out.score = state.best;
    } else {
      /* No quiz: finishing the lessons is the whole requirement, so it is also the pass. A
         module's SCO beside the final quiz's has no score: LMSs grade by score, and 100 % for
         reading one module would outrank a failed quiz (Moodle's "Highest grade"). */
      out.completed = allSeen;
      out.success = allSeen ? "passed" : "unknown";
      out.score = allSeen && !course.quiz ? 1 : null;
    }
    if (out.completed) out.progress = 1;
    out.passing = passing;
    if (course.score_blocks) out.score = withBlocks(out.score, state, course, scope);
    return out;
  }

  /* The score with the scored blocks of the scope's lessons: one point each, beside the
     quiz's drawn questions (best score x questions), or alone with no quiz; a block not done
     counts 0. Success stays the quiz's (or, with none, seeing every lesson). */
  function withBlocks(score, state, course, scope) {
    var earned = 0;
    var count = 0;
    var done = false;
    for (var i = 0; i < course.blocks.length; i++) {
      var lesson = course.lessons.indexOf(course.blocks[i][0].split(".")[0]);
      if (scope.lessons.indexOf(lesson) < 0) continue;
      count += 1;
      if (state.blocks[i] !== null) {
        earned += state.blocks[i];
        done = true;
      }
    }
    if (!count || (score === null && !done)) return score;
    var weight = 0;
    if (scope.quiz && course.quiz) {
      for (var j = 0; j < course.quiz.parts.length; j++) weight += Math.min(course.quiz.parts[j][0], course.quiz.parts[j][1].length);
    }
    return ((score || 0) * weight + earned) / (weight + count);
  }

  /* ---- interactions -------------------------------------------------------------------- */

  function ident(index) {
    return index < IDS.length ? IDS.charAt(index) : "x" + index;
  }

  function freeText(value, limit) {
    var text = String(value === null || value === undefined ? "" : value).replace(/\s+/g, " ").trim();
    text = text.split("[,]").join(",").split("[.]").join(".").split("[:]").join(":").replace(/^\{+/, "");
    return text.slice(0, limit);
  }

  function parseNumber(text) {
    if (root.CoursewareQuiz && root.CoursewareQuiz.parseNumber) {
      var parsed = root.CoursewareQuiz.parseNumber(text);
      return typeof parsed === "number" && isFinite(parsed) ? parsed : null;
    }
    var value = parseFloat(String(text).replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function decimal(value) {
    var text = value.toFixed(10).replace(/0+$/, "").replace(/\.$/, "");
    return text === "-0" ? "0" : text;
  }

  /* The learner response in SCORM 2004 (or, with v12, SCORM 1.2) notation, or null. */
  function learnerResponse(meta, response, v12) {
    var list = v12 ? "," : "[,]";
    var pair = v12 ? "." : "[.]";
    var out = [];
    var i;
    if (response === null || response === undefined) return null;
    switch (meta.i) {
      case "choice":
        for (i = 0; i < response.length; i++) if (typeof response[i] === "number") out.push(ident(response[i]));
        return out.join(list);
      case "true-false":
        if (typeof response !== "boolean") return null;
        return v12 ? (response ? "t" : "f") : String(response);
      case "numeric": {
        var value = parseNumber(response);
        return value === null ? null : decimal(value);
      }
      case "matching":
        for (i = 0; i < meta.l.length; i++) {
          var target = meta.r.indexOf(response[meta.l[i]]);
          if (target >= 0) out.push(ident(i) + pair + ident(target));
        }
        return out.join(list);
      case "sequencing":
        for (i = 0; i < response.length; i++) {
          var at = meta.o.indexOf(response[i]);
          if (at >= 0) out.push(ident(at));
        }
        return out.join(list);
      case "fill-in":
        if (meta.b) {
          for (i = 0; i < meta.b.length; i++) out.push(freeText(response[meta.b[i]], 250));
          return v12 ? out.join(",").slice(0, 255) : out.join("[,]");
        }
        return freeText(response, v12 ? 255 : 250);
      case "long-fill-in":
        return v12 ? freeText(response, 255) : String(response).replace(/^\{+/, "").slice(0, 4000);
      default:
        return null;
    }
  }

  /* A finished scored block as an interaction record: a sort's placements as matching
     pairs (item.category), a scenario's path of moments as free text, a video cue's answer
     as its question's interaction (type, patterns, response) under the cue's own id. */
  function blockRecord(course, done) {
    var found = null;
    for (var i = 0; i < (course.blocks || []).length; i++) if (course.blocks[i][0] === done.block) found = course.blocks[i][1];
    if (!found) return null;
    var detail = done.detail || {};
    if (found.k === "cue") {
      var rec = interactionRecord(course, { question: found.q, response: detail.response, score: done.score });
      if (!rec) return null;
      rec.id = done.block;
      rec.kind = "blocks";
      rec.weighting = found.w;
      return rec;
    }
    var response = null;
    var response12 = null;
    if (found.k === "sort" && detail.placed) {
      var pairs = [];
      for (var j = 0; j < detail.placed.length; j++) if (detail.placed[j] >= 0) pairs.push([ident(j), ident(detail.placed[j])]);
      response = pairs.map(function (p) { return p.join("[.]"); }).join("[,]");
      response12 = pairs.map(function (p) { return p.join("."); }).join(",").slice(0, 255);
    } else if (found.k === "scenario" && detail.path) {
      response = detail.path.join(",").slice(0, 4000);
      response12 = response.slice(0, 255);
    }
    var score = typeof done.score === "number" && isFinite(done.score) ? done.score : null;
    return {
      id: done.block, kind: "blocks", type: found.i, type12: found.i12, weighting: found.w, objectives: [],
      response: response, response12: response12, patterns: found.c, patterns12: found.c12,
      result: resultOf(score, false), result12: resultOf(score, true), score: score, quiz: null, time: new Date()
    };
  }

  function resultOf(score, v12) {
    if (score === null || score === undefined) return "neutral";
    if (score >= 1) return "correct";
    if (score <= 0) return v12 ? "wrong" : "incorrect";
    return String(round(score, 4));
  }

  /* One answered question as a plain interaction record (notation of both versions). */
  function interactionRecord(course, answer) {
    var meta = course.questions[answer.question];
    if (!meta) return null;
    return {
      id: answer.question,
      type: meta.i,
      weighting: meta.w,
      objectives: meta.obj || [],
      response: learnerResponse(meta, answer.response, false),
      response12: learnerResponse(meta, answer.response, true),
      patterns: meta.c || [],
      patterns12: meta.c12 || [],
      result: resultOf(answer.score, false),
      result12: resultOf(answer.score, true),
      score: answer.score,
      quiz: answer.quiz || null,
      time: new Date()
    };
  }

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function scorm12Timespan(ms) {
    var seconds = Math.max(0, ms) / 1000;
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = (seconds % 60).toFixed(2);
    return pad(String(Math.min(hours, 9999)), 4) + ":" + two(minutes) + ":" + (rest.length < 5 ? "0" + rest : rest);
  }

  function isoDuration(ms) {
    var seconds = Math.max(0, ms) / 1000;
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    return "PT" + hours + "H" + minutes + "M" + (seconds % 60).toFixed(2).replace(/\.?0+$/, "") + "S";
  }

  function localTime(date, withDate) {
    var time = two(date.getHours()) + ":" + two(date.getMinutes()) + ":" + two(date.getSeconds());
    if (!withDate) return time;
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) + "T" + time;
  }

  /* ---- adapters: one per way of talking to an LMS ------------------------------------- */

  function findApi(name) {
    function climb(win) {
      for (var hops = 0; win && hops < 12; hops++) {
        try {
          if (win[name]) return win[name];
        } catch (e) { /* a frame of another origin */ }
        var parent = null;
        try {
          parent = win.parent;
        } catch (e) { parent = null; }
        if (!parent || parent === win) break;
        win = parent;
      }
      return null;
    }
    var found = climb(root);
    if (!found) {
      try {
        found = climb(root.opener) || (root.top && climb(root.top.opener));
      } catch (e) { found = null; }
    }
    return found || null;
  }

  var SCORM_NAMES = {
    "1.2": { init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", error: "LMSGetLastError", text: "LMSGetErrorString" },
    "2004": { init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue", commit: "Commit", error: "GetLastError", text: "GetErrorString" }
  };

  function ScormAdapter(api, version) {
    this.api = api;
    this.v12 = version === "1.2";
    this.names = SCORM_NAMES[version];
    this.cache = {};
    this.count = 0;
    this.objectiveIndex = {};
    this.objectiveCount = 0;
    this.live = false;
    this.failures = 0;
    this.retryTimer = null;
  }

  ScormAdapter.prototype.call = function (name, args) {
    var fn = this.names[name];
    try {
      return String(this.api[fn].apply(this.api, args));
    } catch (e) {
      log(fn + " threw", e);
      return "";
    }
  };

  ScormAdapter.prototype.lastError = function () {
    try {
      return String(this.api[this.names.error]());
    } catch (e) {
      return "";
    }
  };

  ScormAdapter.prototype.report = function (name, args) {
    var code = this.lastError();
    var text = "";
    try {
      text = String(this.api[this.names.text](code));
    } catch (e) { /* no message */ }
    log(this.names[name] + "(" + args.join(", ") + ") failed: " + code + " " + text);
  };

  ScormAdapter.prototype.get = function (key) {
    if (!this.live) return "";
    var value = this.call("get", [key]);
    var code = this.lastError();
    /* 403 (2004): "not initialized" is how an empty value answers; not a problem. */
    if (code !== "0" && code !== "" && code !== "403") this.report("get", [key]);
    return code === "0" || code === "" ? value : "";
  };

  ScormAdapter.prototype.set = function (key, value) {
    value = String(value);
    if (!this.live || this.cache[key] === value) return;
    if (this.call("set", [key, value]) === "true") this.cache[key] = value;
    else this.report("set", [key, JSON.stringify(value)]);
  };

  ScormAdapter.prototype.start = function (ready) {
    var result = this.call("init", [""]);
    var code = this.lastError();
    /* 101 (1.2) and 103 (2004): already initialised, e.g. by an earlier page of this visit. */
    this.live = result === "true" || code === "101" || code === "103";
    if (!this.live) {
      this.report("init", [""]);
      ready({ suspend: "", location: "" });
      return;
    }
    var saved = {
      suspend: this.get("cmi.suspend_data"),
      location: this.get(this.v12 ? "cmi.core.lesson_location" : "cmi.location")
    };
    /* The LMS may set its own pass mark (1.2: mastery_score 0..100; 2004: scaled 0..1). */
    var mastery = parseFloat(this.get(this.v12 ? "cmi.student_data.mastery_score" : "cmi.scaled_passing_score"));
    if (isFinite(mastery)) saved.passing = this.v12 ? mastery / 100 : mastery;
    this.count = parseInt(this.get("cmi.interactions._count"), 10) || 0;
    if (!this.v12) {
      this.objectiveCount = parseInt(this.get("cmi.objectives._count"), 10) || 0;
      for (var i = 0; i < this.objectiveCount; i++) this.objectiveIndex[this.get("cmi.objectives." + i + ".id")] = i;
    }
    ready(saved);
  };

  ScormAdapter.prototype.write = function (s) {
    if (!this.live) return;
    if (s.suspend.length > (this.v12 ? 4096 : 64000)) log("suspend_data is longer than the LMS must keep", s.suspend.length);
    if (this.v12) {
      var status = s.success === "passed" ? "passed" : s.success === "failed" ? "failed" : s.completed ? "completed" : "incomplete";
      this.set("cmi.core.lesson_status", status);
      if (s.score !== null) {
        this.set("cmi.core.score.min", "0");
        this.set("cmi.core.score.max", "100");
        this.set("cmi.core.score.raw", String(round(s.score * 100, 2)));
      }
      if (s.location) this.set("cmi.core.lesson_location", s.location);
      this.set("cmi.suspend_data", s.suspend);
      this.set("cmi.core.exit", "suspend");
      return;
    }
    this.set("cmi.completion_status", s.completed ? "completed" : "incomplete");
    this.set("cmi.success_status", s.success);
    this.set("cmi.progress_measure", String(round(s.progress, 4)));
    if (s.score !== null) {
      this.set("cmi.score.min", "0");
      this.set("cmi.score.max", "100");
      this.set("cmi.score.raw", String(round(s.score * 100, 2)));
      this.set("cmi.score.scaled", String(round(s.score, 4)));
    }
    if (s.location) this.set("cmi.location", s.location);
    this.set("cmi.suspend_data", s.suspend);
    this.set("cmi.exit", "suspend");
    for (var i = 0; i < s.objectives.length; i++) {
      var objective = s.objectives[i];
      var n = this.objectiveIndex[objective.id];
      if (n === undefined) {
        n = this.objectiveIndex[objective.id] = this.objectiveCount++;
        this.set("cmi.objectives." + n + ".id", objective.id);
      }
      var prefix = "cmi.objectives." + n + ".";
      this.set(prefix + "completion_status", objective.completed ? "completed" : "incomplete");
      if (objective.score !== null) {
        this.set(prefix + "score.scaled", String(round(objective.score, 4)));
        this.set(prefix + "success_status", objective.score >= s.passing - 1e-9 ? "passed" : "failed");
      }
    }
  };

  ScormAdapter.prototype.interaction = function (rec) {
    if (!this.live) return;
    var prefix = "cmi.interactions." + this.count++ + ".";
    var i;
    this.set(prefix + "id", rec.id);
    if (this.v12) {
      this.set(prefix + "type", rec.type12 || (rec.type === "long-fill-in" ? "fill-in" : rec.type));
      this.set(prefix + "time", localTime(rec.time, false));
      this.set(prefix + "weighting", String(rec.weighting));
      for (i = 0; i < rec.patterns12.length; i++) this.set(prefix + "correct_responses." + i + ".pattern", rec.patterns12[i]);
      if (rec.response12 !== null) this.set(prefix + "student_response", rec.response12);
      this.set(prefix + "result", rec.result12);
      return;
    }
    this.set(prefix + "type", rec.type);
    for (i = 0; i < rec.objectives.length; i++) this.set(prefix + "objectives." + i + ".id", rec.objectives[i]);
    this.set(prefix + "timestamp", localTime(rec.time, true));
    for (i = 0; i < rec.patterns.length; i++) this.set(prefix + "correct_responses." + i + ".pattern", rec.patterns[i]);
    this.set(prefix + "weighting", String(rec.weighting));
    if (rec.response !== null) this.set(prefix + "learner_response", rec.response);
    this.set(prefix + "result", rec.result);
  };

  /* Commit now; when the LMS refuses (or throws), try again later with a growing delay. */
  ScormAdapter.prototype.commit = function () {
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    if (!this.live) return false;
    if (this.call("commit", [""]) === "true") {
      this.failures = 0;
      return true;
    }
    this.report("commit", [""]);
    var delay = Math.min(RETRY.first * Math.pow(2, this.failures), RETRY.most);
    this.failures += 1;
    var self = this;
    log("trying the commit again in " + delay + " ms");
    this.retryTimer = setTimeout(function () {
      self.retryTimer = null;
      self.commit();
    }, delay);
    return false;
  };

  ScormAdapter.prototype.finish = function (ms) {
    if (!this.live) return;
    this.set(this.v12 ? "cmi.core.session_time" : "cmi.session_time", this.v12 ? scorm12Timespan(ms) : isoDuration(ms));
    this.commit();
    if (this.retryTimer) {
      clearTimeout(this.retryTimer); /* the session ends: Terminate / LMSFinish commits too */
      this.retryTimer = null;
    }
    if (this.call("finish", [""]) !== "true") this.report("finish", [""]);
    this.live = false;
  };

  /* No LMS: progress stays in this browser. */
  function LocalAdapter(key) {
    this.key = key;
  }

  LocalAdapter.prototype.start = function (ready) {
    var saved = {};
    try {
      saved = JSON.parse(root.localStorage.getItem(this.key) || "{}") || {};
    } catch (e) { saved = {}; }
    ready({ suspend: saved.s || "", location: saved.l || "" });
  };

  LocalAdapter.prototype.write = function (s) {
    try {
      root.localStorage.setItem(this.key, JSON.stringify({ s: s.suspend, l: s.location, c: s.completed, r: s.success, p: s.score }));
    } catch (e) { /* storage full or disabled: progress is simply not kept */ }
  };

  LocalAdapter.prototype.interaction = function () {};
  LocalAdapter.prototype.commit = function () {};
  LocalAdapter.prototype.finish = function () {};

  /* cmi5: xAPI statements to the LRS the LMS names in the launch URL (cmi5 spec 8-10). */
  function Cmi5Adapter(params, course) {
    this.params = params;
    this.course = course;
    this.endpoint = params.endpoint.replace(/\/?$/, "/");
    this.actor = JSON.parse(params.actor);
    this.pending = [];
    this.inflight = null;
    this.again = null; /* a batch to send again, alone, before what waits */
    this.retryTimer = null;
    this.failures = 0;
    this.sent = {};
    this.doc = null;
    this.dirty = false;
    this.live = false;
    this.mode = "Normal";
    this.mastery = null;
    this.template = {};
    this.returnUrl = null;
    this.began = Date.now();
  }

  Cmi5Adapter.prototype.headers = function (json) {
    var out = { "X-Experience-API-Version": "1.0.3", Authorization: "Basic " + this.token };
    if (json) out["Content-Type"] = "application/json";
    return out;
  };

  Cmi5Adapter.prototype.fetchToken = function () {
    var key = "courseware-cmi5-token:" + this.params.fetch;
    var self = this;
    try {
      var kept = root.sessionStorage.getItem(key);
      if (kept) {
        this.token = kept;
        return Promise.resolve();
      }
    } catch (e) { /* no session storage */ }
    return fetch(this.params.fetch, { method: "POST" }).then(function (response) {
      return response.json();
    }).then(function (body) {
      if (!body || !body["auth-token"]) throw new Error("fetch URL gave no auth-token: " + JSON.stringify(body));
      self.token = body["auth-token"];
      try {
        root.sessionStorage.setItem(key, self.token);
      } catch (e) { /* the token is only kept in memory */ }
    });
  };

  Cmi5Adapter.prototype.stateUrl = function (stateId) {
    return this.endpoint + "activities/state?stateId=" + encodeURIComponent(stateId) +
      "&activityId=" + encodeURIComponent(this.params.activityId) +
      "&agent=" + encodeURIComponent(JSON.stringify(this.actor)) +
      "&registration=" + encodeURIComponent(this.params.registration);
  };

  Cmi5Adapter.prototype.getState = function (stateId) {
    return fetch(this.stateUrl(stateId), { headers: this.headers(false) }).then(function (response) {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error("state " + stateId + ": HTTP " + response.status);
      return response.json();
    });
  };

  Cmi5Adapter.prototype.start = function (ready) {
    var self = this;
    this.fetchToken().then(function () {
      return self.getState("LMS.LaunchData");
    }).then(function (launch) {
      launch = launch || {};
      self.template = launch.contextTemplate || {};
      self.mode = launch.launchMode || "Normal";
      self.mastery = typeof launch.masteryScore === "number" ? launch.masteryScore : null;
      self.returnUrl = launch.returnURL || null;
      return self.getState(STATE_ID).catch(function (e) {
        log("could not read the saved state", e);
        return null;
      });
    }).then(function (doc) {
      doc = doc || {};
      self.sent = doc.sent || {};
      self.live = true;
      self.began = Date.now();
      self.statement("initialized", null);
      ready({ suspend: doc.s || "", location: doc.l || "", passing: self.mastery, returnUrl: self.returnUrl });
    }).catch(function (e) {
      log("cmi5 launch failed; progress is kept in this browser only", e);
      ready({ suspend: "", location: "" });
    });
  };

  Cmi5Adapter.prototype.context = function (defined, moveOn, mastery) {
    var context = JSON.parse(JSON.stringify(this.template || {}));
    context.registration = this.params.registration;
    context.contextActivities = context.contextActivities || {};
    if (defined) {
      var category = context.contextActivities.category || [];
      category.push({ objectType: "Activity", id: CMI5 + "categories/cmi5" });
      if (moveOn) category.push({ objectType: "Activity", id: CMI5 + "categories/moveon" });
      context.contextActivities.category = category;
    }
    if (mastery !== null && mastery !== undefined) {
      context.extensions = context.extensions || {};
      context.extensions[CMI5 + "extensions/masteryscore"] = mastery;
    }
    return context;
  };

  Cmi5Adapter.prototype.uuid = function () {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.floor(Math.random() * 16);
      return (c === "x" ? r : (r & 3) | 8).toString(16);
    });
  };

  /* Statements go out in order, in batches, one request at a time; every request is
     keepalive so that what is under way survives the learner closing the window. send()
     resolves to false when the batch should be sent again: no answer, or the LRS busy or
     failing (408, 429, 5xx). A batch it refuses (other 4xx) is logged and dropped: 409 is
     what an LRS answers (Ralph does) to a batch sent again whose first try it had stored,
     though its answer never came back. */
  Cmi5Adapter.prototype.send = function (batch) {
    var body = JSON.stringify(batch);
    return fetch(this.endpoint + "statements", {
      method: "POST", headers: this.headers(true), body: body, keepalive: body.length < 60000
    }).then(function (response) {
      if (response.ok) return true;
      log("the LRS refused statements: HTTP " + response.status);
      return !(response.status >= 500 || response.status === 408 || response.status === 429);
    }, function (e) {
      log("could not send statements", e);
      return false;
    });
  };

  /* A batch that could not go is sent again after 1, 2, 4 ... s (RETRY, as SCORM commits),
     alone and before what came meanwhile: if its first try did reach the LRS, the LRS
     refuses the resend as a whole (409), which must not take new statements with it. Once
     the session is over it gets one last immediate try. */
  Cmi5Adapter.prototype.pump = function () {
    if (this.inflight || this.retryTimer || !(this.again || this.pending.length)) return;
    var self = this;
    var batch = this.again || this.pending.splice(0, this.pending.length);
    this.again = null;
    this.inflight = this.send(batch).then(function (ok) {
      self.inflight = null;
      if (ok) {
        self.failures = 0;
        self.pump();
      } else if (!self.live) {
        return self.send(batch);
      } else {
        self.again = batch;
        var delay = Math.min(RETRY.first * Math.pow(2, self.failures), RETRY.most);
        self.failures += 1;
        log("sending the statements again in " + delay + " ms");
        self.retryTimer = setTimeout(function () {
          self.retryTimer = null;
          self.pump();
        }, delay);
      }
    });
  };

  Cmi5Adapter.prototype.post = function (statement) {
    this.pending.push(statement);
    this.pump();
  };

  Cmi5Adapter.prototype.make = function (verb, result, mastery) {
    var moveOn = !!(result && (result.success !== undefined || result.completion !== undefined));
    return {
      id: this.uuid(),
      actor: this.actor,
      verb: { id: XAPI + verb, display: { "en-US": verb } },
      object: { objectType: "Activity", id: this.params.activityId },
      result: result || undefined,
      context: this.context(true, moveOn, mastery === undefined ? null : mastery),
      timestamp: new Date().toISOString()
    };
  };

  Cmi5Adapter.prototype.statement = function (verb, result, mastery) {
    this.post(this.make(verb, result, mastery));
  };

  /* cmi5 9.3: "completed" once the learner has experienced all the content (every lesson in
     scope seen and, with a quiz, one attempt submitted), whatever the result; then "passed"
     (once) or "failed" (once per failed attempt until a pass). The course's completion rule
     is the AU's moveOn in cmi5.xml, so "completed" does not wait for a pass. */
  Cmi5Adapter.prototype.write = function (s) {
    this.doc = { s: s.suspend, l: s.location, sent: this.sent };
    this.dirty = true;
    if (!this.live || this.mode !== "Normal") return;
    var duration = isoDuration(Date.now() - this.began);
    var mastery = this.mastery;
    var experienced = s.completed || (s.progress >= 1 - 1e-9 && (!s.judged || s.attempts > 0));
    if (experienced && !this.sent.completed) {
      this.sent.completed = true;
      this.statement("completed", { completion: true, duration: duration });
    }
    if (s.judged && s.success === "passed" && !this.sent.passed) {
      this.sent.passed = true;
      this.statement("passed", { success: true, score: this.score(s.score), duration: duration }, mastery);
    } else if (s.judged && s.success === "failed" && !this.sent.passed && s.attempts > (this.sent.failed || 0)) {
      this.sent.failed = s.attempts;
      this.statement("failed", { success: false, score: this.score(s.last === undefined ? s.score : s.last), duration: duration }, mastery);
    }
  };

  Cmi5Adapter.prototype.score = function (value) {
    value = value === null || value === undefined ? 0 : value;
    return { scaled: round(value, 4), raw: Math.round(value * 100), min: 0, max: 100 };
  };

  Cmi5Adapter.prototype.interaction = function (rec) {
    if (!this.live || this.mode !== "Normal") return;
    var definition = { type: "http://adlnet.gov/expapi/activities/cmi.interaction", interactionType: rec.type };
    if (rec.patterns.length) definition.correctResponsesPattern = rec.patterns;
    var result = {};
    if (rec.response !== null) result.response = rec.response;
    if (rec.score !== null && rec.score !== undefined) {
      result.success = rec.score >= 1;
      result.score = { scaled: round(rec.score, 4) };
    }
    var base = this.course.au || this.params.activityId;
    this.post({
      id: this.uuid(),
      actor: this.actor,
      verb: { id: XAPI + "answered", display: { "en-US": "answered" } },
      object: { objectType: "Activity", id: base + "/" + (rec.kind || "questions") + "/" + encodeURIComponent(rec.id), definition: definition },
      result: result,
      context: this.context(false, false, null),
      timestamp: rec.time.toISOString()
    });
  };

  /* PUT the AU's state document (a plain JSON request; keepalive when the page is leaving). */
  Cmi5Adapter.prototype.saveState = function (keepalive) {
    if (!this.live || !this.dirty || !this.doc) return Promise.resolve();
    this.dirty = false;
    var body = JSON.stringify(this.doc);
    return fetch(this.stateUrl(STATE_ID), {
      method: "PUT", headers: this.headers(true), body: body, keepalive: !!keepalive && body.length < 60000
    }).then(function (response) {
      if (!response.ok) log("the LRS refused the saved state: HTTP " + response.status);
    }).catch(function (e) {
      log("could not save the state", e);
    });
  };

  Cmi5Adapter.prototype.commit = function () {
    this.saveState(false);
  };

  /* The last words: the saved state and "terminated" (after whatever statements still wait),
     as ordinary JSON requests with keepalive, which the browser completes even when the page
     is being closed (CORS preflight included). When the learner exits (the page stays until
     this resolves), the last batch waits for the one on its way, so the LRS stores every
     statement in order; when the page is closing ("leaving"), it goes at once, since a
     callback after the page is gone would never run and "terminated" would be lost. */
  Cmi5Adapter.prototype.finish = function (ms, leaving) {
    if (!this.live) return Promise.resolve();
    if (this.retryTimer) {
      clearTimeout(this.retryTimer); /* what waits to be tried again goes now, before "terminated" */
      this.retryTimer = null;
    }
    var self = this;
    var again = this.again;
    var last = this.pending.splice(0, this.pending.length);
    last.push(this.make("terminated", { duration: isoDuration(ms) }));
    this.again = null;
    this.live = false;
    var before = this.inflight || Promise.resolve();
    if (again) {
      var prior = before;
      before = leaving ? Promise.all([prior, this.send(again)]) : prior.then(function () { return self.send(again); });
    }
    var sent = leaving ? this.send(last) : before.then(function () { return self.send(last); });
    return Promise.all([before, this.saveState(true), sent]);
  };

  /* ---- the host: one learner state for the whole visit ----------------------------------- */

  function Host(course, adapter, scope) {
    this.course = course;
    this.adapter = adapter;
    this.scope = scope;
    this.state = emptyState(course);
    this.passing = course.passing;
    this.location = "";
    this.timer = null;
    this.finished = false;
    this.ready = false;
    this.recorded = {};
    this.objectiveScores = {};
    this.lastScore = undefined;
    this.began = Date.now();
    this.last = null;
  }

  Host.prototype.pages = function () {
    var names = this.course.lessons.slice();
    if (this.course.quiz) names.push(this.course.quiz.page.replace(/\.html$/, ""));
    return names;
  };

  Host.prototype.start = function (ready) {
    var self = this;
    this.adapter.start(function (saved) {
      self.state = decodeState(saved.suspend, self.course);
      if (typeof saved.passing === "number") self.passing = saved.passing;
      self.returnUrl = saved.returnUrl || null;
      self.location = self.pages().indexOf(saved.location) >= 0 ? saved.location : "";
      self.ready = true;
      self.write(true);
      if (ready) ready(self.location);
    });
  };

  Host.prototype.objectives = function () {
    var out = [];
    var objectives = this.course.objectives || [];
    for (var i = 0; i < objectives.length; i++) {
      var lessons = objectives[i].lessons.filter(function (n) { return this.scope.lessons.indexOf(n) >= 0; }, this);
      var score = this.objectiveScores[objectives[i].id];
      if (!lessons.length && score === undefined) continue;
      var done = true;
      for (var j = 0; j < lessons.length; j++) if (!this.state.viewed[lessons[j]]) done = false;
      out.push({ id: objectives[i].id, completed: done, score: score === undefined ? null : score });
    }
    return out;
  };

  Host.prototype.summary = function () {
    var s = summarize(this.state, this.course, this.scope, this.passing);
    s.location = this.location;
    s.suspend = encodeState(this.state, this.course);
    s.objectives = this.objectives();
    s.last = this.lastScore;
    return s;
  };

  /* Write what changed; commit now when the status changed, else within a few seconds. */
  Host.prototype.write = function (urgent) {
    if (!this.ready || this.finished) return;
    var s = this.summary();
    var last = this.last;
    var changed = !last || last.completed !== s.completed || last.success !== s.success || last.score !== s.score;
    this.adapter.write(s);
    this.last = s;
    if (urgent || changed) this.commit();
    else this.schedule();
  };

  Host.prototype.schedule = function () {
    if (this.timer || this.finished) return;
    var self = this;
    this.timer = setTimeout(function () {
      self.timer = null;
      self.commit();
    }, COMMIT_DELAY_MS);
  };

  Host.prototype.commit = function () {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.finished) this.adapter.commit();
  };

  Host.prototype.viewed = function (lessonId) {
    var index = this.course.lessons.indexOf(lessonId);
    if (index < 0) return;
    this.state.viewed[index] = true;
    if (this.scope.lessons.indexOf(index) >= 0) this.location = lessonId;
    this.write(false);
  };

  Host.prototype.page = function (name) {
    if (this.pages().indexOf(name) < 0 || this.location === name) return;
    var index = this.course.lessons.indexOf(name);
    if (index >= 0 && this.scope.lessons.indexOf(index) < 0) return;
    this.location = name;
    this.write(false);
  };

  /* Knowledge checks: the first answer of each question per visit; quiz answers: every one. */
  Host.prototype.answered = function (answer) {
    if (!this.ready || this.finished || !answer || !answer.question) return;
    if (!answer.quiz) {
      if (this.recorded[answer.question]) return;
      this.recorded[answer.question] = true;
    }
    var rec = interactionRecord(this.course, answer);
    if (!rec) return;
    this.adapter.interaction(rec);
    this.schedule();
  };

  /* A scored block finished ({block: "<lesson>.<anchor>", score, detail}): its first result per
     visit is an interaction; its best score is kept when blocks count toward the score. */
  Host.prototype.blockDone = function (done) {
    if (!this.ready || this.finished || !done) return false;
    var rec = blockRecord(this.course, done);
    if (!rec) return false;
    if (!this.recorded["block:" + rec.id]) {
      this.recorded["block:" + rec.id] = true;
      this.adapter.interaction(rec);
    }
    var index = -1;
    for (var i = 0; i < this.course.blocks.length; i++) if (this.course.blocks[i][0] === rec.id) index = i;
    if (this.course.score_blocks && rec.score !== null && index >= 0) {
      var best = this.state.blocks[index];
      this.state.blocks[index] = best === null ? rec.score : Math.max(best, rec.score);
      this.write(false);
    } else this.schedule();
    return true;
  };

  Host.prototype.quizState = function () {
    var quiz = this.course.quiz;
    var left = quiz && quiz.attempts ? Math.max(quiz.attempts - this.state.attempts, 0) : null;
    return { attempts: this.state.attempts, left: left, best: this.state.best, passed: this.state.passed, passing: this.passing };
  };

  Host.prototype.beginAttempt = function () {
    if (!this.state.draw) {
      this.state.draw = drawQuestions(this.course);
      this.write(false);
    }
    return this.state.draw.slice();
  };

  /* results: [{question, score}] of the attempt, for the objectives it assesses. */
  Host.prototype.submitQuiz = function (score, results) {
    var state = this.state;
    state.attempts += 1;
    state.best = state.best === null ? score : Math.max(state.best, score);
    state.passed = state.passed || score >= this.passing - 1e-9;
    state.draw = null;
    this.lastScore = score;
    var earned = {};
    var possible = {};
    for (var i = 0; i < (results || []).length; i++) {
      var meta = this.course.questions[results[i].question];
      if (!meta || !meta.obj) continue;
      for (var j = 0; j < meta.obj.length; j++) {
        var id = meta.obj[j];
        earned[id] = (earned[id] || 0) + meta.w * (results[i].score || 0);
        possible[id] = (possible[id] || 0) + meta.w;
      }
    }
    for (var key in possible) if (possible[key] > 0) this.objectiveScores[key] = earned[key] / possible[key];
    this.write(true);
    return this.quizState();
  };

  /* End the session: "leaving" when the page is being closed (nothing may wait then). */
  Host.prototype.finish = function (leaving) {
    if (this.finished || !this.ready) return null;
    this.write(false);
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.finished = true;
    return this.adapter.finish(Date.now() - this.began, !!leaving);
  };

  /* ---- helpers for the two roles ---------------------------------------------------- */

  function query(name) {
    var match = new RegExp("[?&]" + name + "=([^&#]*)").exec(root.location.search);
    if (!match) return null;
    try {
      return decodeURIComponent(match[1].replace(/\+/g, " "));
    } catch (e) {
      return null;
    }
  }

  function adapterFor(course) {
    var key = "courseware-lms:" + course.id;
    if (course.standard === "scorm12" || course.standard === "scorm2004") {
      var version = course.standard === "scorm12" ? "1.2" : "2004";
      var api = findApi(version === "1.2" ? "API" : "API_1484_11");
      if (api) return new ScormAdapter(api, version);
      log("no SCORM " + version + " API found; progress is kept in this browser only");
    } else if (course.standard === "cmi5") {
      var params = {};
      var names = ["endpoint", "fetch", "actor", "registration", "activityId"];
      for (var i = 0; i < names.length; i++) params[names[i]] = query(names[i]);
      if (params.endpoint && params.fetch && params.actor && params.registration && params.activityId && root.fetch) {
        try {
          return new Cmi5Adapter(params, course);
        } catch (e) {
          log("the cmi5 launch parameters are not usable", e);
        }
      } else {
        log("not launched by a cmi5 LMS; progress is kept in this browser only");
      }
    }
    return new LocalAdapter(key);
  }

  function all(node, selector) {
    return Array.prototype.slice.call(node.querySelectorAll(selector));
  }

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    if (text) node.textContent = text;
    return node;
  }

  /* ---- host role (lms.html) ---------------------------------------------------------- */

  function hostRole(course) {
    var sco = query("sco");
    var scope = scopeOf(course, sco);
    var host = new Host(course, adapterFor(course), scope);
    api.host = host;
    var frame = document.getElementById("cw-frame");
    host.start(function (location) {
      var first = location || scope.start || "index";
      frame.src = first + ".html";
      if (host.returnUrl) {
        var exit = document.getElementById("cw-exit");
        if (exit) {
          exit.hidden = false;
          exit.addEventListener("click", function () {
            var done = host.finish(false);
            var go = function () { root.location.href = host.returnUrl; };
            if (done && done.then) done.then(go, go);
            else go();
          });
        }
      }
    });
    frame.addEventListener("load", function () {
      try {
        if (frame.contentDocument && frame.contentDocument.title) document.title = frame.contentDocument.title;
      } catch (e) { /* a page of another origin */ }
    });
    var leave = function () { host.finish(true); };
    root.addEventListener("pagehide", leave);
    root.addEventListener("beforeunload", leave);
  }

  /* ---- page role (every course page) ------------------------------------------------- */

  function parentHost(course) {
    try {
      var parent = root.parent;
      if (parent && parent !== root && parent.CoursewareLMS && parent.CoursewareLMS.host) {
        var host = parent.CoursewareLMS.host;
        if (host.course && host.course.id === course.id) return host;
      }
    } catch (e) { /* another origin, or a page opened from disk */ }
    return null;
  }

  function pageData() {
    var node = document.getElementById("cw-data");
    try {
      return node ? JSON.parse(node.textContent) : {};
    } catch (e) {
      return {};
    }
  }

  function hasAnswer(box) {
    if (box.querySelector("input:checked")) return true;
    var fields = all(box, "input[type=text], textarea, select");
    if (!fields.length) return !box.querySelector("input");
    return fields.some(function (field) { return String(field.value).trim() !== ""; });
  }

  function addQuizLinks(course, data) {
    var quiz = course.quiz;
    if (!quiz || data.page === "quiz") return;
    var text = format(course.strings.quiz_link, { title: quiz.title });
    var toc = document.querySelector(".cw-toc-pages");
    if (toc) {
      var item = element("li", {});
      item.appendChild(element("a", { href: quiz.page }, quiz.title));
      toc.appendChild(item);
    }
    if (data.page === "index") {
      var map = document.querySelector(".cw-map");
      if (map) {
        var wrap = element("p", { "class": "cw-start-wrap cw-quiz-link" });
        wrap.appendChild(element("a", { "class": "cw-button", href: quiz.page }, text));
        map.parentNode.insertBefore(wrap, map.nextSibling);
      }
    } else if (data.page === "lesson" && data.lesson === course.lessons[course.lessons.length - 1]) {
      var pager = document.querySelector(".cw-pager");
      if (pager && !pager.querySelector(".cw-pager-next")) {
        var link = element("a", { "class": "cw-pager-next", href: quiz.page, rel: "next" });
        link.appendChild(element("span", { "class": "cw-pager-title" }, text));
        pager.appendChild(link);
      }
    }
  }

  function quizPage(course, host, answers) {
    var quiz = course.quiz;
    var article = document.querySelector("[data-cw-quiz]");
    if (!quiz || !article) return;
    var strings = course.strings;
    var result = document.getElementById("cw-quiz-result");
    var actions = document.getElementById("cw-quiz-actions");
    var boxes = {};
    all(article, ".cw-question").forEach(function (box) { boxes[box.getAttribute("data-question")] = box; });
    all(article, "[data-action=check]").forEach(function (button) { button.hidden = true; });

    function percent(value) {
      return Math.round((value || 0) * 1000) / 10;
    }

    function lock() {
      all(article, ".cw-question input, .cw-question select, .cw-question textarea, .cw-question button").forEach(function (node) {
        node.disabled = true;
      });
    }

    function outcome(state, score) {
      var lines = [];
      var fields = { score: percent(score), passing: percent(state.passing) };
      if (score >= state.passing - 1e-9) lines.push(format(strings.passed, fields));
      else {
        lines.push(format(strings.failed, fields));
        if (state.left !== null) lines.push(state.left ? plural(strings, "attempts_left", state.left, course.lang) : strings.no_attempts);
      }
      result.textContent = lines.join(" ");
      result.className = "cw-status " + (score >= state.passing - 1e-9 ? "cw-status-right" : "cw-status-wrong");
      if (!state.passed && state.left !== 0) {
        var retry = element("button", { type: "button", "class": "cw-button" }, strings.retry);
        retry.addEventListener("click", function () { root.location.reload(); });
        actions.appendChild(retry);
      }
    }

    var state = host.quizState();
    if (state.passed || state.left === 0) {
      Object.keys(boxes).forEach(function (id) { boxes[id].hidden = true; });
      if (state.passed) {
        result.textContent = format(strings.passed_before, { score: percent(state.best) });
        result.className = "cw-status cw-status-right";
      } else outcome(state, state.best || 0);
      return;
    }
    var shown = host.beginAttempt().map(function (index) { return quiz.questions[index]; }).filter(function (id) { return boxes[id]; });
    Object.keys(boxes).forEach(function (id) { boxes[id].hidden = shown.indexOf(id) < 0; });
    shown.forEach(function (id, n) {
      boxes[id].parentNode.appendChild(boxes[id]);
      var heading = boxes[id].querySelector(".cw-question-number");
      if (heading) heading.textContent = format(strings.number, { n: n + 1, total: shown.length });
    });
    var submit = element("button", { type: "button", "class": "cw-button", id: "cw-quiz-submit" }, strings.submit);
    /* A submit pressed before quiz.js has made the check buttons would score 0: wait for it. */
    if (document.documentElement.hasAttribute("data-cw-quiz-ready")) actions.appendChild(submit);
    else document.addEventListener("courseware:quiz-ready", function () { actions.appendChild(submit); }, { once: true });
    var warned = false;
    submit.addEventListener("click", function () {
      var missing = shown.filter(function (id) { return !hasAnswer(boxes[id]); });
      if (missing.length && !warned) {
        warned = true;
        result.textContent = plural(strings, "unanswered", missing.length, course.lang);
        result.className = "cw-status cw-status-wrong";
        return;
      }
      answers.collect = {};
      shown.forEach(function (id) {
        var check = boxes[id].querySelector("[data-action=check]");
        if (check) check.click();
      });
      var scores = answers.collect;
      answers.collect = null;
      var earned = 0;
      var possible = 0;
      var results = [];
      shown.forEach(function (id) {
        var meta = course.questions[id];
        if (!meta || meta.type === "essay") return;
        var value = typeof scores[id] === "number" ? scores[id] : 0;
        possible += meta.w;
        earned += meta.w * value;
        results.push({ question: id, score: value });
      });
      var score = possible ? earned / possible : 1;
      submit.hidden = true;
      lock();
      outcome(host.submitQuiz(score, results), score);
    });
  }

  function pageRole(course) {
    var data = pageData();
    var host = parentHost(course);
    if (!host) {
      host = new Host(course, new LocalAdapter("courseware-lms:" + course.id), scopeOf(course, null));
      host.start(null);
    }
    var page = (root.location.pathname.split("/").pop() || "").replace(/\.html?$/, "");
    var isQuiz = !!(course.quiz && course.quiz.page === page + ".html");
    var answers = { collect: null };
    var reported = false;
    /* The theme sends each event under its contract name first, then under its older name
       (courseware:visit, courseware:answer); a page that sends the former ignores the latter. */
    var contract = { viewed: false, answered: false };

    function viewed(id) {
      if (!id || reported) return;
      reported = true;
      host.viewed(id);
    }

    /* The question box whose check button was pressed last (quiz.js checks on that click):
       how an answer to a video cue is told apart from the same question elsewhere. */
    var pressed = null;
    document.addEventListener("click", function (event) {
      var button = event.target && event.target.closest ? event.target.closest("[data-action=check]") : null;
      pressed = button ? button.closest(".cw-question") : null;
    }, true);

    function answered(detail) {
      if (!detail) return;
      var id = detail.questionId || detail.question;
      var score = typeof detail.score === "number" ? detail.score : null;
      if (answers.collect) answers.collect[id] = score;
      var cues = pressed && pressed.getAttribute("data-question") === id ? pressed.closest(".cw-cues") : null;
      if (cues && data.lesson && !isQuiz) {
        var block = data.lesson + "." + cues.getAttribute("data-video") + "." + id;
        if (host.blockDone({ block: block, score: score, detail: { response: detail.response } })) return;
      }
      host.answered({ question: id, response: detail.response, score: score, quiz: isQuiz ? course.quiz.id : detail.quizId || null });
    }

    document.addEventListener("courseware:lesson-viewed", function (event) {
      contract.viewed = true;
      viewed(event.detail && event.detail.lessonId);
    });
    document.addEventListener("courseware:visit", function (event) {
      if (!contract.viewed) viewed(event.detail && event.detail.lesson);
    });
    document.addEventListener("courseware:answered", function (event) {
      contract.answered = true;
      answered(event.detail);
    });
    document.addEventListener("courseware:answer", function (event) {
      if (!contract.answered) answered(event.detail);
    });
    /* The block's script sends its score; what the learner did is read here, off the page:
       a sort's chosen category per item (-1: none), a scenario's moments (ids after "<block>-"). */
    document.addEventListener("courseware:block-done", function (event) {
      var detail = event.detail || {};
      var box = detail.blockId && document.getElementById(detail.blockId);
      if (!data.lesson || !box) return;
      var did = {};
      if (detail.kind === "sort") {
        did.placed = all(box, ".cw-sort-item").map(function (item) {
          var checked = item.querySelector("input:checked");
          return checked ? parseInt(checked.value, 10) : -1;
        });
      } else if (Array.isArray(detail.detail)) {
        did.path = detail.detail.map(function (id) { return String(id).slice(box.id.length + 1); });
      }
      host.blockDone({ block: data.lesson + "." + box.id, score: detail.score, detail: did });
    });

    if (isQuiz && !host.state.draw && !host.state.passed) {
      /* A fresh attempt starts blank: drop this browser's saved answers to the quiz's questions. */
      try {
        var key = "courseware:" + course.id;
        var saved = JSON.parse(root.localStorage.getItem(key) || "{}");
        if (saved && saved.answers) {
          course.quiz.questions.forEach(function (id) { delete saved.answers[id]; });
          root.localStorage.setItem(key, JSON.stringify(saved));
        }
      } catch (e) { /* nothing saved */ }
    }

    function ready() {
      if (data.lesson) viewed(data.lesson);
      host.page(page);
      addQuizLinks(course, data);
      if (isQuiz) quizPage(course, host, answers);
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
    else ready();
  }

  var api = {
    encodeState: encodeState,
    decodeState: decodeState,
    emptyState: emptyState,
    drawQuestions: drawQuestions,
    summarize: summarize,
    learnerResponse: learnerResponse,
    interactionRecord: interactionRecord,
    blockRecord: blockRecord,
    plural: plural,
    scorm12Timespan: scorm12Timespan,
    isoDuration: isoDuration,
    Host: Host,
    ScormAdapter: ScormAdapter,
    LocalAdapter: LocalAdapter,
    Cmi5Adapter: Cmi5Adapter,
    retry: RETRY,
    host: null
  };
  root.CoursewareLMS = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  var course = root.COURSEWARE_COURSE;
  if (!course || course.v !== DATA_VERSION) {
    log("assets/course-data.js is missing or of another version; no tracking");
    return;
  }
  if (document.documentElement.hasAttribute("data-cw-host")) hostRole(course);
  else pageRole(course);
})(typeof window !== "undefined" ? window : globalThis);

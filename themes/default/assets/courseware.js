/* courseware.js: page data, progress kept in localStorage, visited lessons.
   Exposes window.Courseware for quiz.js and for LMS runtimes added by other themes;
   announces "courseware:visit" and "courseware:answer" events on document. */
(() => {
  "use strict";

  var dataNode = document.getElementById("cw-data");
  var data = dataNode ? JSON.parse(dataNode.textContent) : { strings: {}, keys: {}, lessons: [] };
  var storageKey = "courseware:" + data.course;

  function read() {
    try {
      var state = JSON.parse(window.localStorage.getItem(storageKey) || "{}");
      return state && typeof state === "object" ? state : {};
    } catch (e) {
      return {};
    }
  }

  function write(state) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(state));
    } catch (e) {
      /* storage full or disabled (private mode): progress is simply not kept */
    }
  }

  function update(change) {
    var state = read();
    change(state);
    write(state);
    return state;
  }

  function format(text, fields) {
    return String(text).replace(/\{(\w+)\}/g, (whole, name) => {
      return Object.prototype.hasOwnProperty.call(fields || {}, name) ? String(fields[name]) : whole;
    });
  }

  function t(key, fields) {
    return format(data.strings[key] || key, fields);
  }

  function emit(name, detail) {
    var event;
    try {
      event = new CustomEvent(name, { detail: detail });
    } catch (e) {
      return;
    }
    document.dispatchEvent(event);
  }

  function markVisited(state) {
    var visited = state.visited || {};
    var items = document.querySelectorAll("[data-lesson]");
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      if (visited[item.getAttribute("data-lesson")] && !item.classList.contains("cw-visited")) {
        item.classList.add("cw-visited");
        var mark = document.createElement("span");
        mark.className = "cw-visited-mark";
        mark.textContent = t("visited");
        item.appendChild(mark);
      }
    }
  }

  function showProgress(state) {
    var box = document.getElementById("cw-progress");
    if (!box) return;
    var visited = state.visited || {};
    var done = 0;
    var next = null;
    for (var i = 0; i < data.lessons.length; i++) {
      if (visited[data.lessons[i]]) done += 1;
      else if (next === null) next = data.lessons[i];
    }
    if (!done) return;
    var bar = document.getElementById("cw-progress-bar");
    var text = document.getElementById("cw-progress-text");
    if (bar) bar.value = done;
    if (text) text.textContent = t("progress", { done: done, total: data.lessons.length });
    box.hidden = false;
    var start = document.getElementById("cw-start");
    if (!start) return;
    if (next === null) {
      start.textContent = t("review");
      return;
    }
    var link = document.querySelector('.cw-map [data-lesson="' + next + '"] a');
    if (link) {
      start.href = link.getAttribute("href");
      start.textContent = t("continue", { title: link.textContent });
    }
  }

  var state = read();
  if (data.lesson) {
    state = update((s) => {
      s.visited = s.visited || {};
      s.visited[data.lesson] = 1;
    });
    emit("courseware:visit", { lesson: data.lesson });
  }
  markVisited(state);
  showProgress(state);

  window.Courseware = { data: data, read: read, update: update, t: t, format: format, emit: emit };
})();

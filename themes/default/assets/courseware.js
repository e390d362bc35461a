/* courseware.js: page data, progress kept in localStorage, visited lessons.
   Exposes window.Courseware for quiz.js and for LMS runtimes added by other themes;
   announces "courseware:lesson-viewed" {lessonId} and "courseware:answered" {questionId, ...}
   (then the older "courseware:visit" and "courseware:answer") on document. */
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

  function update(change) {
    var state = read();
    change(state);
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(state));
    } catch (e) {
      /* storage full or disabled (private mode): progress is simply not kept */
    }
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
    try {
      document.dispatchEvent(new CustomEvent(name, { detail: detail }));
    } catch (e) {
      /* no CustomEvent (very old browser): nobody listens either */
    }
  }

  /* Links to lessons in the contents and on the home page, by lesson id ("<id>.html"). */
  function lessonLinks() {
    return Array.prototype.slice.call(document.querySelectorAll(".cw-toc-lessons a, .cw-map-lessons a"));
  }

  function lessonOf(link) {
    return link.getAttribute("href").replace(/\.html$/, "");
  }

  function markVisited(visited) {
    lessonLinks().forEach((link) => {
      var item = link.parentNode;
      if (!visited[lessonOf(link)] || item.classList.contains("cw-visited")) return;
      item.classList.add("cw-visited");
      var mark = document.createElement("span");
      mark.className = "cw-visited-mark";
      mark.textContent = t("visited");
      item.appendChild(mark);
    });
  }

  function showProgress(visited) {
    var box = document.getElementById("cw-progress");
    var done = data.lessons.filter((id) => visited[id]).length;
    if (!box || !done) return;
    var next = data.lessons.filter((id) => !visited[id])[0];
    document.getElementById("cw-progress-bar").value = done;
    document.getElementById("cw-progress-text").textContent = t("progress", { done: done, total: data.lessons.length });
    box.hidden = false;
    var start = document.getElementById("cw-start");
    var link = lessonLinks().filter((a) => a.closest(".cw-map") && lessonOf(a) === next)[0];
    if (start && next === undefined) start.textContent = t("review");
    else if (start && link) {
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
    emit("courseware:lesson-viewed", { lessonId: data.lesson });
    emit("courseware:visit", { lesson: data.lesson });
  }
  markVisited(state.visited || {});
  showProgress(state.visited || {});

  /* In a lesson: how many lessons this browser has seen (the same state as the home page). */
  var here = document.getElementById("cw-lesson-progress");
  if (here && data.lesson) {
    var total = Number(here.getAttribute("data-total"));
    var seen = Math.min(total, Object.keys(state.visited || {}).length);
    here.textContent = t("progress", { done: seen, total: total });
    here.hidden = false;
  }

  // The header's search box: search.js is loaded when the box is first used.
  var find = document.getElementById("cw-find");
  var loadSearch = () => {
    document.head.appendChild(document.createElement("script")).src = "assets/search.js";
    find.removeEventListener("focusin", loadSearch);
  };
  if (find) {
    find.addEventListener("focusin", loadSearch);
    find.addEventListener("submit", (event) => {
      event.preventDefault();
      find.setAttribute("data-go", "");
    });
    find.hidden = false;
  }

  // Glossary terms (glossary.css shows a definition on hover and focus): Esc hides it
  // until the pointer or the focus leaves the term.
  var terms = document.querySelectorAll(".cw-gloss");
  terms.forEach((gloss) => {
    var show = () => gloss.classList.remove("cw-off");
    gloss.addEventListener("mouseleave", show);
    gloss.addEventListener("focusout", show);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") terms.forEach((gloss) => {
      if (gloss.matches(":hover, :focus-within")) gloss.classList.add("cw-off");
    });
  });

  window.Courseware = { data: data, read: read, update: update, t: t, format: format, emit: emit };
})();

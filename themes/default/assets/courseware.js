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

  /* Tabs (ARIA tabs pattern): the sections of a .cw-tabs block get a tab list; arrows, Home
     and End move between tabs (automatic activation), Tab goes into the shown panel. */
  function setupTabs(box) {
    var panels = Array.prototype.slice.call(box.querySelectorAll(":scope > .cw-tab-panel"));
    var list = document.createElement("div");
    list.className = "cw-tablist";
    list.setAttribute("role", "tablist");
    var heading = box.querySelector(":scope > h2");
    if (heading) list.setAttribute("aria-labelledby", heading.id);
    else list.setAttribute("aria-label", t("tabs"));
    var tabs = panels.map((panel, i) => {
      var title = panel.querySelector(".cw-tab-title");
      var tab = document.createElement("button");
      tab.type = "button";
      tab.id = panel.id + "-tab";
      tab.className = "cw-tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      tab.textContent = title.textContent;
      title.hidden = true;
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      tab.addEventListener("click", () => select(i, false));
      list.appendChild(tab);
      return tab;
    });
    function select(index, focus) {
      tabs.forEach((tab, i) => {
        tab.setAttribute("aria-selected", String(i === index));
        tab.tabIndex = i === index ? 0 : -1;
        panels[i].hidden = i !== index;
      });
      if (focus) tabs[index].focus();
    }
    list.addEventListener("keydown", (event) => {
      var now = tabs.indexOf(document.activeElement);
      var last = tabs.length - 1;
      var to = { ArrowRight: now + 1, ArrowLeft: now - 1, Home: 0, End: last }[event.key];
      if (now < 0 || to === undefined) return;
      event.preventDefault();
      select(to > last ? 0 : to < 0 ? last : to, true);
    });
    box.insertBefore(list, panels[0]);
    box.classList.add("cw-tabs-on");
    select(0, false);
  }

  /* Process: one step at a time, with previous/next buttons and the step announced. */
  function setupProcess(box) {
    var steps = Array.prototype.slice.call(box.querySelectorAll(".cw-step"));
    var nav = document.createElement("div");
    nav.className = "cw-step-nav";
    var status = document.createElement("p");
    status.className = "cw-step-status";
    status.setAttribute("aria-live", "polite");
    var prev = document.createElement("button");
    var next = document.createElement("button");
    prev.type = next.type = "button";
    prev.className = next.className = "cw-button cw-step-button";
    prev.textContent = t("step_prev");
    next.textContent = t("step_next");
    nav.append(prev, status, next);
    box.appendChild(nav);
    var at = 0;
    function show(index, pressed) {
      at = Math.max(0, Math.min(steps.length - 1, index));
      steps.forEach((step, i) => { step.hidden = i !== at; });
      prev.disabled = at === 0;
      next.disabled = at === steps.length - 1;
      status.textContent = t("step", { n: at + 1, total: steps.length });
      if (pressed && pressed.disabled) (pressed === next ? prev : next).focus();
    }
    prev.addEventListener("click", () => show(at - 1, prev));
    next.addEventListener("click", () => show(at + 1, next));
    box.classList.add("cw-process-on");
    show(0, null);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".cw-tabs"), setupTabs);
  Array.prototype.forEach.call(document.querySelectorAll(".cw-process"), setupProcess);

  window.Courseware = { data: data, read: read, update: update, t: t, format: format, emit: emit };
})();

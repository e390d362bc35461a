/* blocks.js: interactive blocks that need a script (loaded only by lessons that have them,
   after courseware.js, whose strings it uses). Without it the blocks read in full:
   tabs as titled sections, a process as a numbered list. */
(() => {
  "use strict";

  var t = window.Courseware ? window.Courseware.t : (key) => key;

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
})();

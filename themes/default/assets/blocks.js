/* blocks.js: interactive blocks that need a script (loaded only by lessons that have them,
   after courseware.js, whose strings it uses). Without it the blocks read in full:
   tabs as titled sections, a process as a numbered list, a scenario as linked moments, a
   sort as radio buttons. Finished scenarios and checked sorts announce
   "courseware:block-done" {blockId, kind, score (0-1), detail} on document. */
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

  function emitDone(box, kind, score, detail) {
    if (window.Courseware) window.Courseware.emit("courseware:block-done", { blockId: box.id, kind: kind, score: score, detail: detail });
  }

  /* Scenario: one moment at a time. A choice (a link to its moment) shows that moment, says
     what was chosen and moves the focus to it; an ending offers to start again. */
  function setupScenario(box) {
    var scenes = Array.prototype.slice.call(box.querySelectorAll(".cw-scene"));
    var chosen = document.createElement("p");
    chosen.className = "cw-scene-chosen";
    chosen.hidden = true;
    var again = document.createElement("button");
    again.type = "button";
    again.className = "cw-button cw-scene-restart";
    again.textContent = t("restart");
    var path = [];
    function show(scene, focus) {
      scenes.forEach((s) => { s.hidden = s !== scene; });
      scene.insertBefore(chosen, scene.firstChild);
      again.hidden = !scene.classList.contains("cw-ending");
      scene.appendChild(again);
      if (focus) scene.focus();
      if (!again.hidden) emitDone(box, "scenario", parseFloat(scene.getAttribute("data-score")), path.slice());
    }
    box.addEventListener("click", (event) => {
      var link = event.target.closest(".cw-scene-choice");
      if (!link) return;
      var scene = document.getElementById(link.getAttribute("href").slice(1));
      if (!scene) return;
      event.preventDefault();
      path.push(scene.id);
      chosen.textContent = t("chosen", { choice: link.textContent });
      chosen.hidden = false;
      show(scene, true);
    });
    again.addEventListener("click", () => {
      path = [];
      chosen.hidden = true;
      show(document.getElementById(box.getAttribute("data-start")), true);
    });
    box.classList.add("cw-scenario-on");
    show(document.getElementById(box.getAttribute("data-start")) || scenes[0], false);
  }

  /* Sort: items are radio groups (the keyboard and click way). Here they become cards in
     category boxes: dragging a card into a box checks its radio; checking a radio moves the
     card. Check marks each card and gives the score. */
  function setupSort(box) {
    var items = Array.prototype.slice.call(box.querySelectorAll(".cw-sort-item"));
    var names = Array.prototype.slice.call(items[0].querySelectorAll(".cw-sort-option")).map((l) => l.textContent.trim());
    var help = document.createElement("p");
    help.className = "cw-sort-help";
    help.textContent = t("sort_drag");
    var bins = document.createElement("div");
    bins.className = "cw-sort-bins";
    var lists = [t("sort_pool")].concat(names).map((name, i) => {
      var bin = document.createElement("div");
      bin.className = "cw-sort-bin" + (i ? "" : " cw-sort-pool");
      var title = document.createElement("p");
      title.className = "cw-sort-bin-title";
      title.textContent = name;
      var list = document.createElement("ul");
      list.className = "cw-sort-list";
      list.setAttribute("aria-label", name);
      bin.append(title, list);
      bin.addEventListener("dragover", (event) => event.preventDefault());
      bin.addEventListener("drop", (event) => {
        event.preventDefault();
        var item = document.getElementById(event.dataTransfer.getData("text/plain"));
        if (!item || !i) return;
        item.querySelectorAll("input")[i - 1].checked = true;
        place(item, false);
      });
      bins.appendChild(bin);
      return list;
    });
    var list = box.querySelector(".cw-sort-items");
    list.parentNode.insertBefore(help, list);
    list.parentNode.insertBefore(bins, list);
    list.hidden = true;
    function place(item, focus) {
      var checked = item.querySelector("input:checked");
      var target = lists[checked ? Number(checked.value) + 1 : 0];
      if (item.parentNode !== target) target.appendChild(item);
      item.classList.remove("cw-sort-right", "cw-sort-wrong");
      if (focus && checked) checked.focus();
    }
    items.forEach((item, i) => {
      item.id = box.id + "-item-" + (i + 1);
      item.draggable = true;
      item.addEventListener("dragstart", (event) => event.dataTransfer.setData("text/plain", item.id));
      item.addEventListener("change", () => place(item, true));
      place(item, false);
    });
    var actions = box.querySelector(".cw-sort-actions");
    var result = box.querySelector(".cw-sort-result");
    actions.hidden = false;
    box.querySelector(".cw-sort-check").addEventListener("click", () => {
      var right = 0;
      items.forEach((item) => {
        var checked = item.querySelector("input:checked");
        var ok = !!checked && checked.value === item.getAttribute("data-key");
        right += ok ? 1 : 0;
        item.classList.toggle("cw-sort-right", ok);
        item.classList.toggle("cw-sort-wrong", !ok);
        var mark = item.querySelector(".cw-sort-mark") || item.querySelector("legend").appendChild(document.createElement("span"));
        mark.className = "cw-sort-mark";
        mark.textContent = " (" + t(ok ? "sort_right" : "sort_wrong") + ")";
      });
      result.textContent = t("sort_result", { right: right, total: items.length });
      emitDone(box, "sort", right / items.length, { right: right, total: items.length });
    });
    box.classList.add("cw-sort-on");
  }

  Array.prototype.forEach.call(document.querySelectorAll(".cw-tabs"), setupTabs);
  Array.prototype.forEach.call(document.querySelectorAll(".cw-process"), setupProcess);
  Array.prototype.forEach.call(document.querySelectorAll(".cw-scenario"), setupScenario);
  Array.prototype.forEach.call(document.querySelectorAll(".cw-sort"), setupSort);
})();

/* tabs.js: the ARIA tabs pattern over the titled sections of a tabs block.
   Loaded only by lessons that have one, after courseware.js; its words come from the
   block's data-* attributes (the page's language). */
(() => {
  "use strict";

  var format = window.Courseware ? window.Courseware.format : (text) => text;

  /* Tabs (ARIA tabs pattern): the sections of a .cw-tabs block get a tab list; arrows, Home
     and End move between tabs (automatic activation), Tab goes into the shown panel. */
  function setupTabs(box) {
    var panels = Array.prototype.slice.call(box.querySelectorAll(":scope > .cw-tab-panel"));
    var list = document.createElement("div");
    list.className = "cw-tablist";
    list.setAttribute("role", "tablist");
    var heading = box.querySelector(":scope > h2");
    if (heading) list.setAttribute("aria-labelledby", heading.id);
    else list.setAttribute("aria-label", box.getAttribute("data-label"));
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

  Array.prototype.forEach.call(document.querySelectorAll(".cw-tabs"), setupTabs);
})();

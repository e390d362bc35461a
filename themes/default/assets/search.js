/* search.js: offline search from the box in every page's header. courseware.js loads this
   script when the box is first used; it loads the index (assets/search-index.js, built with
   the site) and search.css, as a script and a stylesheet so that they also load from
   file://. A query matches pages holding every word of it as a word start, ignoring accents
   and capitals. Esc empties the results. */
(() => {
  "use strict";

  var form = document.getElementById("cw-find");
  if (!form || window.CoursewareFind) return;
  window.CoursewareFind = true;
  var format = window.Courseware ? window.Courseware.format : (text) => text;
  var input = form.querySelector("input");
  var status = document.createElement("p");
  var list = document.createElement("ul");
  var panel = document.createElement("div");
  var sheet = document.createElement("link");
  sheet.rel = "stylesheet";
  sheet.href = "assets/search.css";
  document.head.appendChild(sheet);
  status.className = "cw-find-status";
  status.setAttribute("role", "status");
  list.className = "cw-find-results";
  panel.className = "cw-find-panel";
  panel.hidden = true;
  panel.append(status, list);
  form.appendChild(panel);

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load(then) {
    if (window.CoursewareSearch) return then();
    var script = document.createElement("script");
    script.src = "assets/search-index.js";
    script.onload = then;
    document.head.appendChild(script);
  }

  function pagesWith(term) {
    var found = {};
    window.CoursewareSearch.groups.forEach((group) => {
      if ((" " + group[1]).indexOf(" " + term) < 0) return;
      group[0].split(",").forEach((n) => { found[n] = true; });
    });
    return found;
  }

  function clear() {
    list.textContent = "";
    status.textContent = "";
    panel.hidden = true;
  }

  function search() {
    var query = input.value.trim();
    var terms = fold(query).match(/[\p{L}\p{N}]{2,}/gu) || [];
    clear();
    if (!terms.length) return;
    panel.hidden = false;
    var sets = terms.map(pagesWith);
    var index = window.CoursewareSearch;
    var pages = index.pages.filter((page, n) => sets.every((set) => set[n]));
    pages.forEach((page) => {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = page[0];
      link.textContent = page[1];
      item.appendChild(link);
      list.appendChild(item);
    });
    status.textContent = format(index.strings[pages.length ? "found" : "none"], { n: pages.length, q: query });
  }

  form.addEventListener("submit", () => load(search));
  // A search asked for before this script ran (courseware.js kept the box from submitting).
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) {
      clear();
      input.focus();
    }
  });
  load(() => { if (form.hasAttribute("data-go")) search(); });
})();

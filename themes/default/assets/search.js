/* search.js: offline search on the home page. The index (assets/search-index.js, built with
   the site) is loaded on first use, as a script so that it also works from file://. A query
   matches pages holding every word of it as a word start, ignoring accents and capitals. */
(() => {
  "use strict";

  var box = document.getElementById("cw-search");
  if (!box) return;
  var format = window.Courseware ? window.Courseware.format : (text) => text;
  var form = box.querySelector("form");
  var input = box.querySelector("input");
  var status = document.getElementById("cw-search-status");
  var list = document.getElementById("cw-search-results");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function load(then) {
    if (window.CoursewareSearch) return then();
    var script = document.createElement("script");
    script.src = box.getAttribute("data-index");
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

  function search() {
    var query = input.value.trim();
    var terms = fold(query).match(/[\p{L}\p{N}]{2,}/gu) || [];
    list.textContent = "";
    if (!terms.length) {
      status.textContent = "";
      return;
    }
    var sets = terms.map(pagesWith);
    var pages = window.CoursewareSearch.pages.filter((page, n) => sets.every((set) => set[n]));
    pages.forEach((page) => {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = page[0];
      link.textContent = page[1];
      item.appendChild(link);
      list.appendChild(item);
    });
    status.textContent = format(box.getAttribute(pages.length ? "data-found" : "data-none"), { n: pages.length, q: query });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load(search);
  });
  input.addEventListener("focus", () => load(() => {}), { once: true });
  box.hidden = false;
})();

/* sort.js: sorting cards into category boxes (drag, or the radio buttons), then checking.
   A check announces "courseware:block-done" {blockId, kind, score (0-1), detail} on document.
   Loaded only by lessons that have one, after courseware.js; its words come from the
   block's data-* attributes (the page's language). */
(() => {
  "use strict";

  var format = window.Courseware ? window.Courseware.format : (text) => text;

  function emitDone(box, kind, score, detail) {
    if (window.Courseware) window.Courseware.emit("courseware:block-done", { blockId: box.id, kind: kind, score: score, detail: detail });
  }


  /* Sort: items are radio groups (the keyboard and click way). Here they become cards in
     category boxes: dragging a card into a box checks its radio; checking a radio moves the
     card. Check marks each card and gives the score. */
  function setupSort(box) {
    var items = Array.prototype.slice.call(box.querySelectorAll(".cw-sort-item"));
    var names = Array.prototype.slice.call(items[0].querySelectorAll("label")).map((l) => l.textContent.trim());
    var help = document.createElement("p");
    help.className = "cw-sort-help";
    help.textContent = box.getAttribute("data-help");
    var bins = document.createElement("div");
    bins.className = "cw-sort-bins";
    var lists = [box.getAttribute("data-pool")].concat(names).map((name, i) => {
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
        mark.textContent = " (" + box.getAttribute(ok ? "data-right" : "data-wrong") + ")";
      });
      result.textContent = format(box.getAttribute("data-result"), { right: right, total: items.length });
      emitDone(box, "sort", right / items.length, { right: right, total: items.length });
    });
    box.classList.add("cw-sort-on");
  }

  Array.prototype.forEach.call(document.querySelectorAll(".cw-sort"), setupSort);
})();

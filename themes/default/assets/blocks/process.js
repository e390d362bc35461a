/* process.js: one step of a process at a time, with previous/next buttons.
   Loaded only by lessons that have one, after courseware.js; its words come from the
   block's data-* attributes (the page's language). */
(() => {
  "use strict";

  var format = window.Courseware ? window.Courseware.format : (text) => text;

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
    prev.textContent = box.getAttribute("data-prev");
    next.textContent = box.getAttribute("data-next");
    nav.append(prev, status, next);
    box.appendChild(nav);
    var at = 0;
    function show(index, pressed) {
      at = Math.max(0, Math.min(steps.length - 1, index));
      steps.forEach((step, i) => { step.hidden = i !== at; });
      prev.disabled = at === 0;
      next.disabled = at === steps.length - 1;
      status.textContent = format(box.getAttribute("data-status"), { n: at + 1, total: steps.length });
      if (pressed && pressed.disabled) (pressed === next ? prev : next).focus();
    }
    prev.addEventListener("click", () => show(at - 1, prev));
    next.addEventListener("click", () => show(at + 1, next));
    box.classList.add("cw-process-on");
    show(0, null);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".cw-process"), setupProcess);
})();

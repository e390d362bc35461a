/* scenario.js: one moment of a branching scenario at a time. A finished scenario announces
   "courseware:block-done" {blockId, kind, score (0-1), detail} on document.
   Loaded only by lessons that have one, after courseware.js; its words come from the
   block's data-* attributes (the page's language). */
(() => {
  "use strict";

  var format = window.Courseware ? window.Courseware.format : (text) => text;

  function emitDone(box, kind, score, detail) {
    if (window.Courseware) window.Courseware.emit("courseware:block-done", { blockId: box.id, kind: kind, score: score, detail: detail });
  }


  /* Scenario: one moment at a time. A choice (a link to its moment) shows that moment, says
     what was chosen and moves the focus to its heading; an ending offers to start again. */
  function setupScenario(box) {
    var scenes = Array.prototype.slice.call(box.querySelectorAll(".cw-scene"));
    var chosen = document.createElement("p");
    chosen.className = "cw-scene-chosen";
    chosen.hidden = true;
    var again = document.createElement("button");
    again.type = "button";
    again.className = "cw-button cw-scene-restart";
    again.textContent = box.getAttribute("data-restart");
    var path = [];
    function show(scene, focus) {
      scenes.forEach((s) => { s.hidden = s !== scene; });
      scene.insertBefore(chosen, scene.firstChild);
      again.hidden = !scene.classList.contains("cw-ending");
      scene.appendChild(again);
      if (focus) scene.querySelector("h3").focus();
      if (!again.hidden) emitDone(box, "scenario", parseFloat(scene.getAttribute("data-score")), path.slice());
    }
    box.addEventListener("click", (event) => {
      var link = event.target.closest(".cw-scene-choice");
      if (!link) return;
      var scene = document.getElementById(link.getAttribute("href").slice(1));
      if (!scene) return;
      event.preventDefault();
      path.push(scene.id);
      chosen.textContent = format(box.getAttribute("data-chosen"), { choice: link.textContent });
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

  Array.prototype.forEach.call(document.querySelectorAll(".cw-scenario"), setupScenario);
})();

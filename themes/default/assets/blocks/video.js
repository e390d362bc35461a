/* video.js: a video's cue questions (the section after it) stay hidden until the video
   reaches each one's time; there it pauses, shows the question and moves the focus to it.
   "Keep watching" plays on. Once the video ends, every question is shown. Loaded only by
   lessons with cues. */
(() => {
  "use strict";

  function setupCues(box) {
    var video = document.querySelector("#" + box.getAttribute("data-video") + " video");
    if (!video) return;
    var cues = Array.prototype.slice.call(box.querySelectorAll(".cw-cue"));
    var help = box.querySelector(".cw-cues-help");
    cues.forEach((cue) => {
      cue.hidden = true;
      var go = document.createElement("button");
      go.type = "button";
      go.className = "cw-button cw-cue-continue";
      go.textContent = box.getAttribute("data-continue");
      go.addEventListener("click", () => {
        video.focus();
        video.play();
      });
      cue.appendChild(go);
    });
    function ask(cue) {
      cue.setAttribute("data-asked", "");
      cue.hidden = false;
      box.hidden = false;
      var heading = cue.querySelector(".cw-question-number");
      heading.tabIndex = -1;
      heading.focus();
    }
    box.hidden = true;
    video.addEventListener("timeupdate", () => {
      var due = cues.filter((cue) => !cue.hasAttribute("data-asked") && video.currentTime >= parseFloat(cue.getAttribute("data-at")));
      if (!due.length) return;
      video.pause();
      due.slice(0, -1).forEach((cue) => { cue.setAttribute("data-asked", ""); cue.hidden = false; });
      ask(due[due.length - 1]);
    });
    video.addEventListener("ended", () => {
      box.hidden = false;
      cues.forEach((cue) => { cue.hidden = false; });
    });
    if (help) help.hidden = true;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".cw-cues"), setupCues);
})();

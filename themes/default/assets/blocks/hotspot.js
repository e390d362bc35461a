/* hotspot.js: each pin on the image becomes a button that opens its note (the <details>
   in the list under the image) and takes the focus there; aria-expanded says which is open.
   Loaded only by lessons that have one. */
(() => {
  "use strict";

  function setupHotspot(box) {
    var pins = Array.prototype.slice.call(box.querySelectorAll(".cw-hotspot-pin"));
    function note(pin) {
      return document.getElementById(pin.getAttribute("href").slice(1)).querySelector("details");
    }
    function sync() {
      pins.forEach((pin) => pin.setAttribute("aria-expanded", String(note(pin).open)));
    }
    pins.forEach((pin) => {
      pin.setAttribute("role", "button");
      pin.setAttribute("aria-controls", pin.getAttribute("href").slice(1));
      pin.addEventListener("click", (event) => {
        event.preventDefault();
        var details = note(pin);
        details.open = true;
        sync();
        details.querySelector("summary").focus();
      });
      pin.addEventListener("keydown", (event) => {
        if (event.key === " ") {
          event.preventDefault();
          pin.click();
        }
      });
      note(pin).addEventListener("toggle", sync);
    });
    sync();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".cw-hotspot"), setupHotspot);
})();

/* glossary.js: Esc hides the definition shown under a glossary term, until the pointer or
   the focus leaves the term. */
(() => {
  "use strict";

  var terms = document.querySelectorAll(".cw-gloss");
  terms.forEach((gloss) => {
    var show = () => gloss.classList.remove("cw-off");
    gloss.addEventListener("mouseleave", show);
    gloss.addEventListener("focusout", show);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    terms.forEach((gloss) => {
      if (gloss.matches(":hover, :focus-within")) gloss.classList.add("cw-off");
    });
  });
})();

"use strict";
let n = 0;
document.getElementById("go").addEventListener("click", () => {
  n += 1;
  document.getElementById("out").textContent = `Clicked ${n}`;
});

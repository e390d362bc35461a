document.getElementById("out").textContent = "module ran";

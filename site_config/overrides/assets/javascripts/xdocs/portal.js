// The portal's own small behaviours, as a script file (the CSP allows no inline script).
//
// Filter boxes: <input data-xd-filter="TABLE-ID"> hides the rows of that table whose
// text does not contain every word typed (the rule catalogue's index, like ruff's).
"use strict";
(function () {
  function bind(input) {
    const table = document.getElementById(input.dataset.xdFilter);
    if (!table) return;
    const rows = Array.from(table.tBodies[0] ? table.tBodies[0].rows : []);
    const texts = rows.map(r => r.textContent.toLowerCase());
    const count = document.createElement("span");
    count.className = "xd-filter-count";
    count.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", count);
    function apply() {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      rows.forEach((row, i) => {
        const hit = words.every(w => texts[i].includes(w));
        row.hidden = !hit;
        if (hit) shown += 1;
      });
      count.textContent = words.length ? ` ${shown} of ${rows.length} rules` : "";
    }
    input.addEventListener("input", apply);
    apply();
  }
  function init() {
    document.querySelectorAll("input[data-xd-filter]").forEach(bind);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

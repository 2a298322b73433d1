// Small behaviours of every page, from a static file (the Content-Security-Policy
// allows no inline script).
(function () {
  "use strict";
  // Filter panels come open (a wide screen shows them beside the list) and fold
  // on a phone, where they would otherwise fill the first screen.
  function foldNarrow() {
    if (!window.matchMedia("(max-width: 900px)").matches) { return; }
    document.querySelectorAll("details[data-fold-narrow]").forEach(function (d) { d.open = false; });
  }
  document.addEventListener("DOMContentLoaded", foldNarrow);
})();

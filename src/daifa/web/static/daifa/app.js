// Small behaviours of every page, from a static file (the Content-Security-Policy
// allows no inline script).
(function () {
  "use strict";
  // Filter panels are folded on a phone and open on a wide screen.
  function openWide() {
    if (!window.matchMedia("(min-width: 901px)").matches) { return; }
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }
  document.addEventListener("DOMContentLoaded", openWide);
})();

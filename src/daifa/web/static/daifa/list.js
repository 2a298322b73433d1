// The supplier list's small behaviours (no inline script under the page's CSP).
(function () {
  "use strict";

  // Live search that works with a Chinese IME: while a word is being composed
  // (pinyin letters, candidates shown) the box holds no real query yet, so only
  // an input outside composition, or the end of a composition, asks for results.
  // htmx listens for "daifa:search" (see hx-trigger on the filter form).
  function search(box) {
    box.dispatchEvent(new CustomEvent("daifa:search", { bubbles: true }));
  }
  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("form.filters input[name=q]") && !e.isComposing) {
      search(e.target);
    }
  });
  document.addEventListener("compositionend", function (e) {
    if (e.target.matches && e.target.matches("form.filters input[name=q]")) {
      search(e.target);
    }
  });

  // A column header sets the sort of the results (swapped by htmx); the form's
  // own sort choice follows, so the next filter change keeps that order.
  document.addEventListener("htmx:afterSwap", function () {
    var results = document.getElementById("compare-form");
    var select = document.querySelector("form.filters select[name=sort]");
    if (results && select && results.dataset.sort !== undefined) {
      select.value = results.dataset.sort;
    }
  });
})();

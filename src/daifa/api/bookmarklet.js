// The bookmarklet, run on a 1688 page: the page's visible text and address go to
// the workbench's capture page in the address fragment (never sent to a server,
// and nothing is stored until the seller reads, checks and saves it there, on
// the workbench's own page with its CSRF token). daifa.api.templatetags builds
// the javascript: link from this file; CAPTURE_URL is the capture page's address.
(function () {
  var target = CAPTURE_URL;
  var text = (document.body && document.body.innerText) || "";
  if (text.length > 60000) { text = text.slice(0, 60000); }
  var data = JSON.stringify({ url: String(location.href), text: text });
  window.open(target + "#daifa-capture=" + encodeURIComponent(data), "_blank");
})();

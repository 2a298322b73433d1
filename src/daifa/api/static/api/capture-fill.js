// The capture page opened by the bookmarklet: fill the paste box with the text
// the 1688 page showed (carried in the address fragment), then take it out of
// the address bar. Nothing is sent: the seller reads, checks and saves.
(function () {
  "use strict";
  var prefix = "#daifa-capture=";
  if (location.hash.indexOf(prefix) !== 0) { return; }
  var data = null;
  try {
    data = JSON.parse(decodeURIComponent(location.hash.slice(prefix.length)));
  } catch (e) {
    data = null;
  }
  history.replaceState(null, "", location.pathname + location.search);
  var box = document.querySelector('textarea[name="text"]');
  if (!box || !data || typeof data.text !== "string") { return; }
  var text = data.text;
  if (typeof data.url === "string" && /^https?:\/\//i.test(data.url) && text.indexOf(data.url) < 0) {
    text = data.url + "\n" + text;
  }
  if (box.maxLength > 0) { text = text.slice(0, box.maxLength); }
  box.value = text;
  box.focus();
  var note = document.getElementById("capture-from-bookmarklet");
  if (note) { note.hidden = false; }
})();

// The document shown beside the review form: a browser's PDF viewer takes the focus when it
// has loaded, and the reviewer's next key press would land in the PDF instead of the form.
// Give the focus back to where it was, unless the pointer is on the document (a click in it).
(function () {
  "use strict";
  var frame = document.querySelector("iframe.document-frame");
  if (!frame) { return; }
  var last = null;
  var pointed = false;
  document.addEventListener("focusin", function (event) {
    if (event.target !== frame) { last = event.target; }
  });
  frame.addEventListener("pointerenter", function () { pointed = true; });
  frame.addEventListener("pointerleave", function () { pointed = false; });
  function giveBack() {
    if (document.activeElement !== frame || pointed) { return; }
    if (last && last !== document.body && typeof last.focus === "function") {
      last.focus();
    } else {
      frame.blur();
      window.focus();
    }
  }
  window.addEventListener("blur", function () { window.setTimeout(giveBack, 0); });
})();

// After a failed submit the error summary takes the focus, so that a screen reader reads it
// and the keyboard starts from it (GOV.UK Frontend's error-summary pattern). Status messages
// (flashes) live in a live region that is on every page: it is emptied here and filled again
// once the page is shown, so that the change is announced (WCAG 4.1.3).
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  var region = document.querySelector("[data-status-messages]");
  if (region && region.children.length) {
    var messages = Array.prototype.slice.call(region.children);
    while (region.firstChild) {
      region.removeChild(region.firstChild);
    }
    window.setTimeout(function () {
      messages.forEach(function (message) {
        region.appendChild(message);
      });
      region.setAttribute("data-announced", "");
    }, 300);
  }
})();

// Saves the review form's draft every so often (form[data-autosave] = seconds), once
// something changed: the form's own fields, CSRF token included, with autosave=1. Without
// this script the "Save draft" button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var seconds = parseInt(form.getAttribute("data-autosave"), 10) || 30;
  var status = form.querySelector(".draft-status");
  var changed = false;
  var busy = false;
  form.addEventListener("input", function () { changed = true; });
  form.addEventListener("change", function () { changed = true; });
  form.addEventListener("submit", function () { changed = false; });

  function save() {
    if (!changed || busy) { return; }
    busy = true;
    changed = false;
    var data = new FormData(form);
    data.set("action", "draft");
    data.set("autosave", "1");
    fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": data.get("csrf_token") || "" }
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (status && answer.message) { status.textContent = answer.message; }
        if (!response.ok) { changed = true; }
      });
    }).catch(function () {
      changed = true;
    }).then(function () { busy = false; });
  }

  window.setInterval(save, seconds * 1000);
})();

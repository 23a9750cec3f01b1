// Keeps what is typed in a form[data-keep-draft] on this device until the server has it
// (issue 18: a dropped connection must not lose a report's text). Every change is stored in
// localStorage under the form's key; when the page comes back with a different text (the
// browser lost the connection, was closed, or the page was reloaded), the stored draft is put
// back and a notice says so. Once the page shows the stored text as saved, the copy is removed.
// Sending without a connection is stopped with a clear message instead of a browser error.
// Without this script the form works as a normal form.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-keep-draft]");
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("lmb-draft-test", "1");
    storage.removeItem("lmb-draft-test");
  } catch (error) {
    return;
  }

  function say(form, text) {
    var box = form.querySelector("[data-draft-message]");
    if (!box || !text) { return; }
    box.textContent = text;
    box.hidden = false;
  }

  Array.prototype.forEach.call(forms, function (form) {
    var key = "lmb-draft:" + form.getAttribute("data-keep-draft");
    var area = form.querySelector("textarea");
    if (!area) { return; }
    var stored = storage.getItem(key);
    if (stored !== null) {
      if (stored === area.value) {
        storage.removeItem(key);
      } else if (stored.trim() !== "") {
        area.value = stored;
        say(form, form.getAttribute("data-draft-restored"));
      }
    }
    area.addEventListener("input", function () {
      storage.setItem(key, area.value);
    });
    form.addEventListener("submit", function (event) {
      storage.setItem(key, area.value);
      if (navigator.onLine === false) {
        event.preventDefault();
        say(form, form.getAttribute("data-draft-offline"));
      }
    });
  });
})();

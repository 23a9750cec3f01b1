// Keeps what is typed in a form[data-keep-draft] on this device until the server has it
// (issue 18: a dropped connection must not lose a report's or an application's text). Every
// change of its text fields is stored in localStorage under the form's key; when the page comes
// back with other text (the connection dropped, the browser was closed, the page reloaded), the
// stored text is put back and a notice (data-draft-restored) says so. Once the page shows the
// stored text as saved, or carries [data-draft-done] with the key, the copy is removed. Sending
// without a connection is stopped with a clear message (data-draft-offline) instead of a browser
// error page. Files cannot be kept: the messages say to choose them again. Without this script
// the forms work as normal forms.
(function () {
  "use strict";
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("lmb-draft-test", "1");
    storage.removeItem("lmb-draft-test");
  } catch (error) {
    return;
  }
  var TEXT = "textarea[name], input[name]:not([type]), input[name][type=text], " +
    "input[name][type=email], input[name][type=url], input[name][type=tel]";

  Array.prototype.forEach.call(document.querySelectorAll("[data-draft-done]"), function (done) {
    storage.removeItem("lmb-draft:" + done.getAttribute("data-draft-done"));
  });

  function say(form, text) {
    var box = form.querySelector("[data-draft-message]");
    if (!box || !text) { return; }
    box.textContent = text;
    box.hidden = false;
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-keep-draft]"), function (form) {
    var key = "lmb-draft:" + form.getAttribute("data-keep-draft");
    var fields = form.querySelectorAll(TEXT);
    var choices = form.querySelectorAll("select[name], input[name][type=checkbox], input[name][type=radio]");
    if (!fields.length) { return; }
    function choiceKey(field) {
      return field.tagName === "SELECT" ? "select:" + field.name : field.name + "=" + field.value;
    }
    function chosen(field) { return field.tagName === "SELECT" ? field.value : field.checked; }

    function values() {
      var kept = { text: {}, choices: {} };
      Array.prototype.forEach.call(fields, function (field) { kept.text[field.name] = field.value; });
      Array.prototype.forEach.call(choices, function (field) {
        kept.choices[choiceKey(field)] = chosen(field);
      });
      return kept;
    }
    function keep() { storage.setItem(key, JSON.stringify(values())); }

    var stored = null;
    try { stored = JSON.parse(storage.getItem(key)); } catch (error) { stored = null; }
    if (stored && typeof stored === "object" && stored.text) {
      var restored = false;
      Array.prototype.forEach.call(fields, function (field) {
        var value = stored.text[field.name];
        if (typeof value === "string" && value.trim() !== "" && value !== field.value) {
          field.value = value;
          restored = true;
        }
      });
      if (restored) {
        // Choices come back with the text they were made with.
        Array.prototype.forEach.call(choices, function (field) {
          var value = (stored.choices || {})[choiceKey(field)];
          if (field.tagName === "SELECT" && typeof value === "string") { field.value = value; }
          if (field.tagName !== "SELECT" && typeof value === "boolean") { field.checked = value; }
        });
        say(form, form.getAttribute("data-draft-restored"));
      } else {
        storage.removeItem(key);
      }
    }
    form.addEventListener("change", keep);
    form.addEventListener("input", keep);
    form.addEventListener("submit", function (event) {
      keep();
      if (navigator.onLine === false) {
        event.preventDefault();
        say(form, form.getAttribute("data-draft-offline"));
      }
    });
  });
})();

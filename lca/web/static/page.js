// Progressive enhancement only: the page works without this script (plain file input and buttons).
// Drag and drop on the drop zone, the chosen file's name, and a "computing" state on the buttons.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var zone = document.querySelector("[data-dropzone]");
  if (zone) {
    var input = zone.querySelector("input[type=file]");
    var form = zone.closest("form");
    var shown = zone.querySelector("[data-filename]");
    var show = function () { shown.textContent = input.files.length ? input.files[0].name : ""; };
    input.addEventListener("change", show);
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("dragging"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.remove("dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) { return; }
      input.files = event.dataTransfer.files;
      show();
      if (form.reportValidity()) { form.requestSubmit(); }
    });
  }
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !button.dataset.busy || button.getAttribute("formaction")) { return; }
      button.textContent = button.dataset.busy;
      button.setAttribute("aria-busy", "true");
    });
  });
});

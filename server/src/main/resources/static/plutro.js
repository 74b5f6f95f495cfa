// Plutro's pages work without this script; it only makes some things nicer.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A form that asks before it does something that cannot be undone.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  }
  // A picture chosen for upload is shown before it is sent.
  for (const input of document.querySelectorAll("input[type=file][data-preview]")) {
    input.addEventListener("change", () => {
      const preview = document.getElementById(input.dataset.preview);
      const file = input.files && input.files[0];
      if (preview && file && file.type.startsWith("image/")) {
        preview.src = URL.createObjectURL(file);
      }
    });
  }
});

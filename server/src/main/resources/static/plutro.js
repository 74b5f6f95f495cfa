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

// Compose (/publish, /statuses/:id/edit): the characters left, counted as the server counts them
// (a link weighs 23, a mention counts its name without the server), and chosen pictures shown.
document.addEventListener("DOMContentLoaded", () => {
  const weighed = (text) => [...text
    .replace(/https?:\/\/[^\s<>"]+/g, "x".repeat(23))
    .replace(/(@[\w.-]+)@[\w-]+(\.[\w-]+)+/g, "$1")].length;
  for (const area of document.querySelectorAll("textarea[data-count-limit]")) {
    const output = document.getElementById(area.dataset.countOutput);
    const also = document.getElementById(area.dataset.countAlso);
    const limit = Number(area.dataset.countLimit);
    const update = () => {
      const left = limit - weighed(area.value) - (also ? [...also.value].length : 0);
      output.textContent = left >= 0 ? `${left} characters left`
        : `${-left} characters too many`;
      output.classList.toggle("over", left < 0);
    };
    area.addEventListener("input", update);
    if (also) {
      also.addEventListener("input", update);
    }
    update();
  }
  for (const input of document.querySelectorAll(".media-slot input[type=file][data-preview]")) {
    input.addEventListener("change", () => {
      const preview = document.getElementById(input.dataset.preview);
      const file = input.files && input.files[0];
      if (preview) {
        preview.hidden = !(file && file.type.startsWith("image/"));
      }
    });
  }
});

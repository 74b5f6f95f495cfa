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

// Members' social pages (engineer B): new notifications appear on /notifications without a
// reload. The list is fetched again from the server (?fragment=1, our own escaped HTML) when the
// streaming hook says one arrived ("plutro:notification"); until that hook has spoken, the list
// is also checked every 20 seconds while the page is shown.
document.addEventListener("DOMContentLoaded", () => {
  const page = document.querySelector("[data-live=notifications]");
  if (!page || new URLSearchParams(location.search).has("max_id")) {
    return;
  }
  const status = page.querySelector(".live-status");
  let hooked = false;
  let busy = false;
  const refresh = async () => {
    const list = document.getElementById("notification-list");
    if (busy || !list) {
      return;
    }
    busy = true;
    try {
      const answer = await fetch(page.dataset.fragment, { credentials: "same-origin" });
      if (!answer.ok) {
        return;
      }
      const fresh = new DOMParser().parseFromString(await answer.text(), "text/html")
        .getElementById("notification-list");
      if (fresh && fresh.dataset.newest !== list.dataset.newest) {
        list.replaceWith(document.importNode(fresh, true));
        const empty = page.querySelector(".empty");
        if (empty) {
          empty.remove();
        }
        if (status) {
          status.textContent = "New notifications arrived.";
        }
      }
    } finally {
      busy = false;
    }
  };
  document.addEventListener("plutro:notification", () => {
    hooked = true;
    refresh();
  });
  setInterval(() => {
    if (!hooked && document.visibilityState === "visible") {
      refresh();
    }
  }, 20000);
});

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

// A member's reading: the buttons under posts act in place, and new posts and notifications arrive
// live over the streaming API (the page's session; other blocks listen to "plutro:update" and
// "plutro:notification", the streaming payload in event.detail).
document.addEventListener("DOMContentLoaded", () => {
  // Like, share, bookmark: the very form post the page makes without script, then the button flips.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("act")) {
      return;
    }
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    let done = false;
    try {
      const response = await fetch(form.action, { method: "POST", credentials: "same-origin",
        body: new URLSearchParams(new FormData(form)), redirect: "manual" });
      done = response.type === "opaqueredirect" || response.ok;
    } catch (e) {
      done = false;
    }
    button.disabled = false;
    if (!done) {
      form.submit(); // the page then says what went wrong
      return;
    }
    const path = form.action.split("/");
    const current = path.pop();
    form.action = path.join("/") + "/" + form.dataset.other;
    form.dataset.other = current;
    const label = button.textContent;
    button.textContent = form.dataset.otherLabel;
    form.dataset.otherLabel = label;
    const on = button.classList.toggle("on");
    const count = form.querySelector(".count");
    if (count) {
      count.textContent = "" + Math.max(0, (parseInt(count.textContent, 10) || 0) + (on ? 1 : -1));
    }
  });

  if (!document.querySelector("header.site.member") || !window.EventSource) {
    return;
  }
  const unread = document.querySelector(".notifications-link .unread");
  // The page came with the count of unread notifications (the marker's); live ones add to it.
  let unreadCount = unread ? parseInt(unread.textContent, 10) || 0 : 0;
  const events = new EventSource("/api/v1/streaming/user");
  events.addEventListener("open", () => { document.documentElement.dataset.live = "on"; });
  events.addEventListener("error", () => { document.documentElement.dataset.live = "off"; });
  const relay = (type, name) => events.addEventListener(type, (message) => {
    let detail;
    try {
      detail = JSON.parse(message.data);
    } catch (e) {
      return;
    }
    document.dispatchEvent(new CustomEvent(name, { detail }));
  });
  relay("update", "plutro:update");
  relay("notification", "plutro:notification");
  document.addEventListener("plutro:notification", () => {
    if (unread && location.pathname !== "/notifications") {
      unreadCount += 1;
      unread.textContent = String(unreadCount);
      unread.hidden = false;
      unread.setAttribute("aria-label", unreadCount + " unread");
    }
  });

  // On the home timeline: "N new posts — show them", fetched as the server renders them.
  const timeline = document.querySelector("section.posts[data-timeline=home]");
  const showNew = document.querySelector("[data-show-new]");
  if (!timeline || !showNew) {
    return;
  }
  const waiting = new Set();
  document.addEventListener("plutro:update", (event) => {
    const id = event.detail && event.detail.id;
    if (id && !document.getElementById("post-" + id)) {
      waiting.add(id);
      showNew.textContent = waiting.size + (waiting.size === 1 ? " new post" : " new posts") + " \u2014 show them";
      showNew.parentElement.hidden = false;
    }
  });
  showNew.addEventListener("click", async () => {
    const newest = timeline.querySelector("article.member-post");
    const since = newest ? newest.id.replace("post-", "") : "";
    const response = await fetch("/home?partial=1&since_id=" + encodeURIComponent(since),
      { credentials: "same-origin" });
    if (!response.ok) {
      location.reload();
      return;
    }
    const fragment = new DOMParser().parseFromString(await response.text(), "text/html");
    const posts = [...fragment.body.querySelectorAll(":scope > article.member-post")]
      .filter((post) => !document.getElementById(post.id));
    const empty = timeline.querySelector(".empty");
    if (empty) {
      empty.remove();
    }
    timeline.prepend(...posts.map((post) => document.adoptNode(post)));
    waiting.clear();
    showNew.parentElement.hidden = true;
    if (posts[0]) {
      posts[0].querySelector("a, button")?.focus();
    }
  });
});

// Notifications: new ones appear on /notifications without a reload. The list is fetched again
// from the server (?fragment=1, our own escaped HTML) when the stream says one arrived.
document.addEventListener("DOMContentLoaded", () => {
  const page = document.querySelector("[data-live=notifications]");
  if (!page || new URLSearchParams(location.search).has("max_id")) {
    return;
  }
  const status = page.querySelector(".live-status");
  // A notification that arrives while the list is being fetched may be missing from that answer:
  // it asks for one more fetch when the current one ends, so no arrival is left unshown.
  let busy = false;
  let again = false;
  const refresh = async () => {
    const list = document.getElementById("notification-list");
    if (!list) {
      return;
    }
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    again = false;
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
      if (again) {
        refresh();
      }
    }
  };
  document.addEventListener("plutro:notification", refresh);
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

// Polls under posts: a vote is sent in the background (the same form post, with partial=1) and
// the poll is replaced in place by its results; a refused vote says why inside the poll.
document.addEventListener("DOMContentLoaded", () => {
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("poll-vote")) {
      return;
    }
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const error = form.querySelector(".poll-error");
    const body = new URLSearchParams(new FormData(form));
    body.set("partial", "1");
    button.disabled = true;
    let response = null;
    try {
      response = await fetch(form.action, { method: "POST", credentials: "same-origin", body });
    } catch (e) {
      response = null;
    }
    button.disabled = false;
    if (response && response.status === 422 && error) {
      error.textContent = await response.text();
      error.hidden = false;
      return;
    }
    if (!response || !response.ok) {
      form.submit(); // the page then says what went wrong
      return;
    }
    const answer = new DOMParser().parseFromString(await response.text(), "text/html");
    const results = answer.body.querySelector(".poll");
    if (!results) {
      location.reload();
      return;
    }
    results.tabIndex = -1;
    form.replaceWith(document.adoptNode(results));
    results.focus();
  });
});

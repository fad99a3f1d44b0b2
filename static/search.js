// Search as you type: ask the server for the list the form would show (same
// ranking, same highlighting) and swap it in. Without this script the form
// works as it is; Enter still submits it, so an exact code opens its page.
(function () {
  "use strict";
  const form = document.querySelector("form.filters");
  const results = document.getElementById("results");
  const count = document.querySelector("p.count");
  if (!form || !results || !count || !window.fetch || !window.DOMParser) {
    return;
  }
  let timer = null;
  let pending = null;

  function address() {
    const url = new URL(form.action, document.baseURI);
    url.search = new URLSearchParams(new FormData(form)).toString();
    return url;
  }

  async function refresh() {
    const url = address();
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    let html;
    try {
      const response = await fetch(url, {
        headers: { Accept: "text/html" },
        credentials: "same-origin",
        signal: pending.signal,
      });
      if (!response.ok || response.redirected) {
        return;
      }
      html = await response.text();
    } catch (error) {
      return; // aborted by newer typing, or offline: keep the list shown
    }
    const page = new DOMParser().parseFromString(html, "text/html");
    const newResults = page.getElementById("results");
    const newCount = page.querySelector("p.count");
    if (!newResults || !newCount) {
      return;
    }
    results.replaceChildren(...newResults.childNodes);
    // The count is a live region: keep the element, change what it says.
    count.replaceChildren(...newCount.childNodes);
    const nexts = page.querySelectorAll('input[name="next"]');
    document.querySelectorAll('input[name="next"]').forEach(function (el, i) {
      if (nexts[i]) {
        el.value = nexts[i].value;
      }
    });
    history.replaceState(history.state, "", url);
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
})();

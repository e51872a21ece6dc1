// Autosave for the article form: a few seconds after the editor stops typing, the
// form's texts are sent to the admin's autosave endpoint, which keeps them as the
// editor's own draft (never as the live piece, never as a revision). The endpoint
// refuses a draft of an outdated version with 409 and a message shown here.
// Configuration comes from data attributes, so no inline script is needed (CSP).
"use strict";
(function () {
  const FIELDS = [
    "headline", "slug", "teaser", "body", "sign_off", "language",
    "hero_caption", "hero_credit", "hero_alt", "seo_title", "seo_description",
  ];

  function start() {
    const status = document.getElementById("autosave-status");
    const form = status && status.closest("form");
    if (!form || !status.dataset.url) {
      return;
    }
    const delay = Number(status.dataset.delay || 5000);
    let timer = null;
    let lastSent = contents(form);

    function contents(form) {
      const data = new FormData();
      for (const name of FIELDS) {
        const field = form.elements.namedItem(name);
        if (field) {
          data.append(name, field.value);
        }
      }
      data.append("version", form.elements.namedItem("version").value);
      return data;
    }

    function same(first, second) {
      return new URLSearchParams(first).toString() === new URLSearchParams(second).toString();
    }

    async function save() {
      const data = contents(form);
      if (same(data, lastSent)) {
        return;
      }
      const token = form.elements.namedItem("csrfmiddlewaretoken").value;
      try {
        const response = await fetch(status.dataset.url, {
          method: "POST",
          body: data,
          headers: { "X-CSRFToken": token },
          credentials: "same-origin",
        });
        const answer = await response.json();
        status.textContent = answer.message;
        status.classList.toggle("errornote", !response.ok);
        if (response.ok) {
          lastSent = data;
        }
      } catch (error) {
        status.textContent = "Automatisches Speichern gerade nicht möglich.";
        status.classList.add("errornote");
      }
    }

    form.addEventListener("input", function (event) {
      if (FIELDS.includes(event.target.name)) {
        clearTimeout(timer);
        timer = setTimeout(save, delay);
      }
    });
    // Submitting saves for real; a pending autosave would only race with it.
    form.addEventListener("submit", function () {
      clearTimeout(timer);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

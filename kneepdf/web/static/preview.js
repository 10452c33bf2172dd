// Live preview: send the form to /preview as it changes and show the pages it returns.
"use strict";
(function () {
  const form = document.getElementById("handout");
  const pages = document.getElementById("pages");
  const status = document.getElementById("preview-status");
  const summary = document.getElementById("summary");
  let timer = null;
  let latest = 0;

  function showErrors(errors, item) {
    const known = new Set(Object.keys(errors));
    form.querySelectorAll(".field").forEach(function (box) {
      const name = box.dataset.field;
      const text = errors[name] || "";
      box.classList.toggle("has-error", known.has(name));
      const slot = box.querySelector(".error");
      if (slot) { slot.textContent = text; }
      const input = box.querySelector("input, select, textarea");
      if (input) {
        if (known.has(name)) { input.setAttribute("aria-invalid", "true"); }
        else { input.removeAttribute("aria-invalid"); }
      }
    });
    const itemError = errors.add || errors.drop || errors.dose || "";
    let onCard = false;
    form.querySelectorAll("li.card").forEach(function (card) {
      const mine = itemError !== "" && card.dataset.item === item;
      onCard = onCard || mine;
      card.classList.toggle("has-error", mine);
      card.querySelector(".error").textContent = mine ? itemError : "";
      card.querySelectorAll("input[type=text]").forEach(function (input) {
        if (mine) { input.setAttribute("aria-invalid", "true"); }
        else { input.removeAttribute("aria-invalid"); }
      });
      if (mine && card.closest("details")) { card.closest("details").open = true; }
    });
    document.getElementById("items-error").textContent = onCard ? "" : itemError;
    const first = Object.values(errors)[0];
    summary.hidden = !first;
    summary.querySelector("p").textContent = first || "";
  }

  function showPages(images) {
    pages.replaceChildren();
    images.forEach(function (data, index) {
      const img = document.createElement("img");
      img.src = "data:image/png;base64," + data;
      img.alt = "Page " + (index + 1) + " of " + images.length;
      img.className = "page";
      pages.appendChild(img);
    });
  }

  async function refresh() {
    const ticket = ++latest;
    const body = new URLSearchParams(new FormData(form));
    status.textContent = "Updating the preview…";
    let answer;
    try {
      const response = await fetch("/preview", { method: "POST", body: body,
                                                 credentials: "same-origin", cache: "no-store" });
      answer = await response.json();
    } catch (error) {
      if (ticket === latest) { status.textContent = "The preview could not be updated."; }
      return;
    }
    if (ticket !== latest) { return; }
    showErrors(answer.errors, answer.item || "");
    pages.classList.toggle("stale", !answer.pages);
    if (answer.pages) {
      showPages(answer.images);
      status.textContent = answer.pages + (answer.pages === 1 ? " page" : " pages");
    } else {
      status.textContent = "The preview shows the last good handout. Fix the form to update it.";
    }
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", function (event) {
    if (event.target.name === "stage") {
      // Each stage has its own exercises: reload the form for the new stage.
      form.requestSubmit(document.getElementById("show-stage"));
      return;
    }
    soon();
  });
  document.getElementById("show-stage").hidden = true;
  refresh();
})();

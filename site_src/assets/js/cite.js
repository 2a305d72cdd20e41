// "Cite this page": fill in the reader's date where each citation says when it was retrieved, and
// show a copy button for each form. Reads only data- attributes (no inline script: CSP-safe).
(function () {
  "use strict";

  function today(kind, lang) {
    var now = new Date();
    if (kind === "iso") {
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    }
    return new Intl.DateTimeFormat(lang || "en", { day: "numeric", month: "long", year: "numeric" }).format(now);
  }

  function init() {
    var lang = document.documentElement.lang || "en";
    document.querySelectorAll("[data-fb-today]").forEach(function (el) {
      el.textContent = today(el.getAttribute("data-fb-today"), lang);
    });
    if (!navigator.clipboard) return;
    document.querySelectorAll("button[data-fb-copy]").forEach(function (button) {
      // Material renames the id of a <pre> to "__code_" + its id (for its own copy buttons)
      var id = button.getAttribute("data-fb-copy");
      var target = document.getElementById(id) || document.getElementById("__code_" + id);
      if (!target || button.dataset.fbReady) return;
      button.dataset.fbReady = "1";
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(target.textContent.trim()).then(function () {
          button.textContent = button.getAttribute("data-copied");
          setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }

  // With Material's instant navigation, pages are swapped without a reload: run on each one.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

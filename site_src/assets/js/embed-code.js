// "Copy embed code" under each chart: a button, made here from the data-embed-code attribute (no button
// without JavaScript), that copies the chart's embed code — an iframe of its embed page (data-embed) and our
// resize script. Relative addresses in the code (a build without SITE_URL) are made absolute from this page's
// own address first, so that the code works on another site. Reads only data- attributes (CSP-safe).
(function () {
  "use strict";

  var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": "\"", "&#x27;": "'" };

  function decode(text) {
    return text.replace(/&(amp|lt|gt|quot|#x27);/g, function (entity) { return ENTITIES[entity]; });
  }

  function encode(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // Each src="…" of the code (written by builder/embed.py, escaped as HTML) made absolute; the rest unchanged.
  function absolute(code) {
    return code.replace(/ src="([^"]*)"/g, function (match, value) {
      return ' src="' + encode(new URL(decode(value), window.location.href).href) + '"';
    });
  }

  function init() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("[data-embed-code]").forEach(function (holder) {
      if (holder.dataset.fbReady) return;
      holder.dataset.fbReady = "1";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fb-chart__embed-button";
      var label = holder.getAttribute("data-label");
      // The accessible name begins with the visible text (WCAG 2.5.3), then names the chart.
      var name = holder.getAttribute("data-aria-label") || label;
      button.textContent = label;
      button.setAttribute("aria-label", name);
      button.addEventListener("click", function () {
        var code = absolute(holder.getAttribute("data-embed-code"));
        navigator.clipboard.writeText(code).then(function () {
          var copied = holder.getAttribute("data-copied");
          button.textContent = copied;
          button.setAttribute("aria-label", copied);
          setTimeout(function () { button.textContent = label; button.setAttribute("aria-label", name); }, 2000);
        });
      });
      holder.appendChild(button);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

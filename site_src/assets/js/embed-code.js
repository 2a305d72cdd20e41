// "Copy embed code" under each chart: a button, made here from the data-embed-code attribute (no button
// without JavaScript), that copies the chart's embed code — an iframe of its embed page (data-embed) and our
// resize script. Relative addresses in the code (a build without SITE_URL) are made absolute from this page's
// own address first, so that the code works on another site. Reads only data- attributes (CSP-safe).
(function () {
  "use strict";

  function absolute(code) {
    var template = document.createElement("template");
    template.innerHTML = code;
    template.content.querySelectorAll("[src]").forEach(function (el) {
      el.setAttribute("src", new URL(el.getAttribute("src"), window.location.href).href);
    });
    return Array.prototype.map.call(template.content.childNodes, function (node) {
      return node.outerHTML || node.textContent;
    }).join("");
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
      button.textContent = label;
      button.setAttribute("aria-label", holder.getAttribute("data-aria-label") || label);
      button.addEventListener("click", function () {
        var code = absolute(holder.getAttribute("data-embed-code"));
        navigator.clipboard.writeText(code).then(function () {
          button.textContent = holder.getAttribute("data-copied");
          setTimeout(function () { button.textContent = label; }, 2000);
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

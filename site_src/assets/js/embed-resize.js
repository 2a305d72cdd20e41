// Migration Fact Book — for pages that embed our charts: the embed code includes it beside the iframe (a
// script element whose src is this file, async; once per page is enough). It sets each iframe's height from the
// message its embed page sends ({type: "factbook:embed-height", id, height}; assets/js/embed.js), accepting
// messages only from the site that serves this script and only for the iframe that sent them.
(function () {
  "use strict";

  if (window.factbookEmbedResize) return;  // the embed code of several charts includes it several times
  window.factbookEmbedResize = true;
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src, window.location.href).origin : window.location.origin;

  function frames() {
    return document.querySelectorAll("iframe[data-factbook-embed]");
  }

  function settle() {
    frames().forEach(function (frame) { frame.style.border = "0"; });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "factbook:embed-height") return;
    var height = Number(data.height);
    if (!isFinite(height) || height <= 0 || height > 20000) return;
    frames().forEach(function (frame) {
      if (frame.contentWindow === event.source) {
        frame.style.border = "0";
        frame.style.height = Math.ceil(height) + "px";
      }
    });
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", settle);
  else settle();
})();

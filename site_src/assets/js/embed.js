// Migration Fact Book — a chart's embed page (/embed/<id>/) tells the page that frames it how tall it is, so
// that the iframe fits its content: on load and whenever its size changes (the image loads, the interactive
// view replaces it, the frame gets narrower). The message: {type: "factbook:embed-height", id, height}.
// assets/js/embed-resize.js, included by the embed code, sets the iframe's height from it.
// Reads only data- attributes (no inline script: CSP-safe).
(function () {
  "use strict";

  if (window.parent === window) return;  // not framed: nobody to tell
  var id = document.body.getAttribute("data-embed-id") || "";
  var last = -1;

  function post() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last || height === 0) return;
    last = height;
    window.parent.postMessage({ type: "factbook:embed-height", id: id, height: height }, "*");
  }

  window.addEventListener("load", post);
  if ("ResizeObserver" in window) {
    new ResizeObserver(post).observe(document.body);
  } else {
    window.addEventListener("resize", post);
  }
  post();
})();

/* Migration Fact Book — Material for MkDocs 9.8.1's palette script (partials/javascripts/palette.html),
 * moved from an inline script element into this file (strict CSP, docs/security.md). Same code: it runs
 * synchronously where Material's ran, in the header right after the palette toggle, and puts the
 * reader's remembered colour scheme on <body> before the page is first painted (no flash).
 */
(function () {
  "use strict";
  var palette = window.__md_get("__palette");
  if (palette && palette.color) {
    if (palette.color.media === "(prefers-color-scheme)") {
      var media = matchMedia("(prefers-color-scheme: light)");
      var input = document.querySelector(media.matches
        ? "[data-md-color-media='(prefers-color-scheme: light)']"
        : "[data-md-color-media='(prefers-color-scheme: dark)']");
      palette.color.media = input.getAttribute("data-md-color-media");
      palette.color.scheme = input.getAttribute("data-md-color-scheme");
      palette.color.primary = input.getAttribute("data-md-color-primary");
      palette.color.accent = input.getAttribute("data-md-color-accent");
    }
    for (var [key, value] of Object.entries(palette.color)) {
      document.body.setAttribute("data-md-color-" + key, value);
    }
  }
})();

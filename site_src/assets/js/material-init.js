/* Migration Fact Book — Material for MkDocs 9.8.1's head script (partials/javascripts/base.html),
 * moved from an inline script element into this file so that the site runs under the strict
 * Content-Security-Policy of builder/csp.py (docs/security.md). Same code, same globals; the scope,
 * which Material writes into the script ({{ config.extra.scope | d(base_url) }}), is read from the
 * data-md-scope attribute of the script element (overrides/partials/javascripts/base.html).
 * Loaded synchronously in <head>, before the palette script and Material's bundle that use it.
 *
 * One addition: the reader's remembered colour scheme is put on <body> as soon as the parser inserts
 * it. Material's inline palette script ran synchronously in the header, before any frame; a script
 * file there lets the browser paint a frame while it loads (measured: now and then one frame in the
 * light scheme, a flash). A mutation observer's callback runs before the next frame.
 * material-palette.js still runs where Material's script did and does the rest (the automatic
 * scheme, which needs the toggle's inputs further down the header).
 */
(function () {
  "use strict";
  var script = document.currentScript;
  window.__md_scope = new URL(script.getAttribute("data-md-scope") || ".", location);
  window.__md_hash = function (value) {
    return [...value].reduce(function (hash, char) { return (hash << 5) - hash + char.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage = localStorage, scope = window.__md_scope) {
    return JSON.parse(storage.getItem(scope.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage = localStorage, scope = window.__md_scope) {
    try {
      storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
    } catch (e) {
      // storage full or disabled: Material ignores it too
    }
  };

  function applyPalette(body) {
    try {
      var palette = window.__md_get("__palette");
      if (!palette || !palette.color || palette.color.media === "(prefers-color-scheme)") return;
      for (var [key, value] of Object.entries(palette.color)) body.setAttribute("data-md-color-" + key, value);
    } catch (e) {
      // no storage or a bad value: material-palette.js meets it as Material's script did
    }
  }
  if (document.body) {
    applyPalette(document.body);
  } else {
    new MutationObserver(function (records, observer) {
      if (!document.body) return;
      observer.disconnect();
      applyPalette(document.body);
    }).observe(document.documentElement, { childList: true });
  }
})();

/* Migration Fact Book — Material for MkDocs 9.8.1's content script (partials/javascripts/content.html),
 * moved from an inline script element into this file (strict CSP, docs/security.md). Same code: it runs
 * where Material's ran, after the page content (and again after each instant navigation, which
 * re-inserts the scripts of the new page's content). With the content.tabs.link feature, the
 * script element has a data-md-tabs-link attribute and the remembered tab is selected first.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (script && script.hasAttribute("data-md-tabs-link")) {
    var tabs = window.__md_get("__tabs");
    if (Array.isArray(tabs)) {
      sets: for (var set of document.querySelectorAll(".tabbed-set")) {
        var labels = set.querySelector(".tabbed-labels");
        for (var tab of tabs) {
          for (var label of labels.getElementsByTagName("label")) {
            if (label.innerText.trim() === tab) {
              var input = document.getElementById(label.htmlFor);
              input.checked = true;
              continue sets;
            }
          }
        }
      }
    }
  }
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();

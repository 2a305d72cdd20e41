/* The home page's country finder: type-ahead over the names and aliases of every country.
 * Without JavaScript the page offers the plain list (<details id="finder-list">, each <li> with
 * data-names="Name|Alias|CODE…" and a link); this file un-hides <div class="fb-finder"
 * data-finder-list="finder-list">, whose input lists the matching countries as links below it.
 * Arrow keys move through the matches, Enter opens the first, Escape clears. A static file:
 * no inline script, no style attribute (the site runs under a strict CSP). */
(function () {
  "use strict";

  var MAX = 8;

  function fold(text) {
    // lower case, accents and punctuation folded: "Côte d’Ivoire" → "cote d ivoire"
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  function score(name, query) {
    // 0: the name starts with the query; 1: a word of it does; 2: it holds it; -1: no match
    if (name.indexOf(query) === 0) return 0;
    if ((" " + name).indexOf(" " + query) !== -1) return 1;
    return name.indexOf(query) !== -1 ? 2 : -1;
  }

  function entries(list) {
    return Array.prototype.map.call(list.querySelectorAll("li[data-names]"), function (item) {
      var link = item.querySelector("a");
      var names = item.getAttribute("data-names").split("|");
      return { href: link.getAttribute("href"), name: link.textContent, names: names, folded: names.map(fold) };
    });
  }

  function matches(all, query) {
    var found = [];
    all.forEach(function (entry) {
      var best = -1, via = 0;
      entry.folded.forEach(function (name, i) {
        var s = score(name, query);
        if (s !== -1 && (best === -1 || s < best)) { best = s; via = i; }
      });
      if (best !== -1) found.push({ entry: entry, score: best, via: via });
    });
    found.sort(function (a, b) {
      return a.score - b.score || (a.via === 0 ? 0 : 1) - (b.via === 0 ? 0 : 1) ||
        a.entry.name.localeCompare(b.entry.name);
    });
    return found;
  }

  function setUp(box) {
    var list = document.getElementById(box.getAttribute("data-finder-list"));
    var input = box.querySelector("input");
    var results = box.querySelector(".fb-finder__results");
    var status = box.querySelector(".fb-finder__status");
    if (!list || !input || !results || box.getAttribute("data-finder-ready")) return;
    box.setAttribute("data-finder-ready", "true");
    var all = entries(list);
    box.hidden = false;

    function show() {
      var query = fold(input.value);
      results.textContent = "";
      if (query === "") { status.textContent = ""; return; }
      var found = matches(all, query);
      status.textContent = found.length === 0 ? status.getAttribute("data-none")
        : status.getAttribute("data-some").replace("#", String(found.length));
      found.slice(0, MAX).forEach(function (match) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = match.entry.href;
        link.textContent = match.entry.name;
        item.appendChild(link);
        if (match.via !== 0 && match.entry.folded[match.via] !== fold(match.entry.name)) {
          var alias = document.createElement("span");
          alias.className = "fb-finder__alias";
          alias.textContent = match.entry.names[match.via];
          item.appendChild(document.createTextNode(" "));
          item.appendChild(alias);
        }
        results.appendChild(item);
      });
    }

    function links() { return Array.prototype.slice.call(results.querySelectorAll("a")); }

    input.addEventListener("input", show);
    input.addEventListener("keydown", function (e) {
      var found = links();
      if (e.key === "Enter" && found.length) { e.preventDefault(); window.location.href = found[0].href; }
      else if (e.key === "ArrowDown" && found.length) { e.preventDefault(); found[0].focus(); }
      else if (e.key === "Escape") { input.value = ""; show(); }
    });
    results.addEventListener("keydown", function (e) {
      var found = links(), at = found.indexOf(document.activeElement);
      if (at === -1) return;
      if (e.key === "ArrowDown") { e.preventDefault(); (found[at + 1] || found[at]).focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (at === 0 ? input : found[at - 1]).focus(); }
      else if (e.key === "Escape") { input.focus(); }
    });
  }

  function init() {
    document.querySelectorAll(".fb-finder[data-finder-list]").forEach(setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

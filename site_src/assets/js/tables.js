/* Sortable and filterable tables: <table class="fb-sortable"> with <th data-sort="text|number">
 * (each gets a sort button) and cells carrying data-value; <input class="fb-filter" data-filter-target="TABLE-ID"> filters
 * rows on their data-search text. A static file: no inline script. */
(function () {
  "use strict";

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    var raw = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    if (kind === "number") {
      var n = parseFloat(raw);
      return isNaN(n) ? null : n;
    }
    return raw.toLowerCase();
  }

  function sortBy(table, index, kind, header) {
    var body = table.tBodies[0];
    var descending = header.getAttribute("aria-sort") !== "descending" && kind === "number"
      ? true : header.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
      if (x === null && y === null) return 0;
      if (x === null) return 1;  // missing values last, whatever the direction
      if (y === null) return -1;
      var order = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function init() {
    document.querySelectorAll("table.fb-sortable").forEach(function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var kind = th.getAttribute("data-sort");
        if (!kind || th.querySelector("button.fb-sort")) return;
        // A button inside the header (the header stays a column header, which aria-sort belongs to):
        // reached with Tab, pressed with Enter or Space like any button; its click reaches the header,
        // which sorts on a click anywhere in it.
        var button = document.createElement("button");
        button.type = "button";
        button.className = "fb-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        th.addEventListener("click", function () { sortBy(table, index, kind, th); });
      });
    });
    document.querySelectorAll("input.fb-filter").forEach(function (input) {
      var table = document.getElementById(input.getAttribute("data-filter-target"));
      if (!table) return;
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase();
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          row.hidden = q !== "" && (row.getAttribute("data-search") || "").indexOf(q) === -1;
        });
      });
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

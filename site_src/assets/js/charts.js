/* Migration Fact Book — interactive charts.
 *
 * Every chart is shown at once as a static SVG rendered at build time. When a chart scrolls
 * into view, this script loads the self-hosted Vega bundle (once) and replaces the image with
 * the interactive view of the same Vega-Lite spec (tooltips). Downloads are plain links under the chart.
 *
 * No inline script, no eval, no injected style: the spec URL is read from the figure's data-spec
 * attribute, Vega runs with the expression interpreter that vega-embed bundles (ast: true), and
 * vega-embed's and vega-tooltip's own <style> elements are turned off (their rules that we need are
 * in factbook.css), so the site works under the strict Content-Security-Policy of builder/csp.py
 * (docs/security.md).
 */
(function () {
  "use strict";

  var here = document.currentScript && document.currentScript.src;
  var bundleUrl = new URL("../vendor/vega-bundle.js", here || window.location.href).href;
  // The chart theme's dark colours (builder/charts/theme.py, written by the build: routes.chart_theme()).
  var themeUrl = new URL("../vendor/chart-theme.json", here || window.location.href).href;
  var loading = null;
  var darkColours = null;

  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundleUrl;
        script.async = true;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("could not load " + bundleUrl)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function darkMode() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  // The dark scheme: every light colour of the theme in the spec replaced by its dark value, as the build
  // does for the static dark SVG. Fetched once, and only when a chart is drawn in the dark scheme.
  function loadDarkColours() {
    if (!darkColours) {
      darkColours = fetch(themeUrl).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status + " for " + themeUrl);
        return r.json();
      }).then(function (theme) { return theme.dark; });
    }
    return darkColours;
  }

  function recolour(value, colours) {
    if (typeof value === "string") {
      var dark = colours[value.toLowerCase()];
      return dark === undefined ? value : dark;
    }
    if (Array.isArray(value)) return value.map(function (item) { return recolour(item, colours); });
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) {
        // the data hold no colours (and a map's shapes are large): left as they are
        out[key] = key === "data" || key === "datasets" ? value[key] : recolour(value[key], colours);
      });
      return out;
    }
    return value;
  }

  function embedOptions() {
    var options = {
      renderer: "svg",
      // vega-embed 7 parses expressions to an AST and runs them with its bundled CSP-safe interpreter
      // (vega.expressionInterpreter ?? options.expr ?? its own): no eval, no new Function.
      ast: true,
      defaultStyle: false,  // no <style> element from vega-embed (CSP style-src 'self')
      actions: false,  // no menu: its <summary> has no text; the downloads are links under each chart
      tooltip: { disableDefaultStyle: true },  // vega-tooltip's <style>: #vg-tooltip-element is in factbook.css
    };
    return options;
  }

  function render(figure) {
    if (figure.dataset.state === "loading" || figure.dataset.state === "interactive") return;
    figure.dataset.state = "loading";
    var specUrl = new URL(figure.dataset.spec, window.location.href).href;
    Promise.all([loadVega(), fetch(specUrl).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for " + specUrl);
      return r.json();
    }), darkMode() ? loadDarkColours() : null]).then(function (results) {
      var view = figure.querySelector(".fb-chart__view");
      var previous = view.querySelector(".fb-chart__interactive");
      var target = document.createElement("div");
      target.className = "fb-chart__interactive fb-chart__interactive--pending";
      // In the page (not detached) so that width "container" can measure the column.
      view.appendChild(target);
      var spec = results[2] ? recolour(results[1], results[2]) : results[1];
      // A world map keeps its shape: on a phone a fixed height would leave a gap above the legend.
      if (spec.usermeta && spec.usermeta.aspect && view.clientWidth) {
        spec.height = Math.round(view.clientWidth / spec.usermeta.aspect);
        var legend = spec.encoding && spec.encoding.color && spec.encoding.color.legend;
        if (legend && view.clientWidth < 560) legend.columns = 2;  // three columns of class labels overflow a phone
      }
      return window.vegaEmbed(target, spec, embedOptions()).then(function (result) {
        if (figure._fbView) figure._fbView.finalize();
        if (previous) previous.remove();
        figure._fbView = result;
        if (views.indexOf(figure) < 0) views.push(figure);
        view.querySelectorAll(".fb-chart__picture").forEach(function (picture) { picture.remove(); });
        target.classList.remove("fb-chart__interactive--pending");
        figure.dataset.state = "interactive";
      }, function (error) {
        target.remove();
        throw error;
      });
    }).catch(function (error) {
      figure.dataset.state = "static";  // the static SVG stays: the chart is still readable
      console.warn("Chart stays static:", error);
    });
  }

  // Material's instant navigation swaps the page content without a reload: let go of the views of
  // charts that left the page (their listeners and timers) and of a tooltip left open on them.
  var views = [];
  function forgetDetached() {
    views = views.filter(function (figure) {
      if (figure.isConnected) return true;
      if (figure._fbView) figure._fbView.finalize();
      return false;
    });
    var tooltip = document.getElementById("vg-tooltip-element");
    if (tooltip) tooltip.classList.remove("visible");
  }

  function init() {
    forgetDetached();
    var figures = document.querySelectorAll("figure.fb-chart[data-spec]");
    if (!figures.length) return;
    if (!("IntersectionObserver" in window)) {
      figures.forEach(render);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          render(entry.target);
        }
      });
    }, { rootMargin: "200px 0px" });
    figures.forEach(function (figure) { observer.observe(figure); });
  }

  // Printing: load every static chart, lazy or not, so that the printout has them all (the ones of the
  // page's scheme: the others stay hidden and unfetched).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("img.fb-chart__static[loading='lazy']").forEach(function (img) {
      if (img.offsetParent !== null) img.loading = "eager";
    });
  });

  // Re-draw interactive charts when the reader toggles light/dark mode.
  new MutationObserver(function () {
    document.querySelectorAll("figure.fb-chart[data-state='interactive']").forEach(function (figure) {
      figure.dataset.state = "static";
      render(figure);
    });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  // With Material's instant navigation, pages are swapped without a reload: run on each one.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* Migration Fact Book — interactive charts.
 *
 * Every chart is shown at once as a static SVG rendered at build time. When a chart scrolls
 * into view, this script loads the self-hosted Vega bundle (once) and replaces the image with
 * the interactive view of the same Vega-Lite spec (tooltips, export menu).
 *
 * No inline script, no eval: the spec URL is read from the figure's data-spec attribute and
 * Vega runs with its expression interpreter, so the site works under a strict
 * Content-Security-Policy.
 */
(function () {
  "use strict";

  var here = document.currentScript && document.currentScript.src;
  var bundleUrl = new URL("../vendor/vega-bundle.js", here || window.location.href).href;
  var loading = null;

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

  function embedOptions() {
    var options = {
      renderer: "svg",
      actions: false,
      downloadFileName: "chart",
      config: darkMode() ? { axis: { labelColor: "#c9cdd3", titleColor: "#c9cdd3", domainColor: "#c9cdd3", tickColor: "#c9cdd3" },
                             title: { color: "#e3e5e8", subtitleColor: "#c9cdd3" }, legend: { labelColor: "#c9cdd3" } } : {}
    };
    if (window.vega && window.vega.expressionInterpreter) {
      options.ast = true;
      options.expr = window.vega.expressionInterpreter;
    }
    return options;
  }

  function render(figure) {
    if (figure.dataset.state === "loading" || figure.dataset.state === "interactive") return;
    figure.dataset.state = "loading";
    var specUrl = new URL(figure.dataset.spec, window.location.href).href;
    Promise.all([loadVega(), fetch(specUrl).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for " + specUrl);
      return r.json();
    })]).then(function (results) {
      var view = figure.querySelector(".fb-chart__view");
      var previous = view.querySelector(".fb-chart__interactive");
      var target = document.createElement("div");
      target.className = "fb-chart__interactive fb-chart__interactive--pending";
      // In the page (not detached) so that width "container" can measure the column.
      view.appendChild(target);
      var spec = results[1];
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
        var image = view.querySelector(".fb-chart__static");
        if (image) image.remove();
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

  function init() {
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

  // Printing: load every static chart, lazy or not, so that the printout has them all.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("img.fb-chart__static[loading='lazy']").forEach(function (img) {
      img.loading = "eager";
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

// Brushing on the timeline chart: drag across columns (or click one column or band)
// to show that period; the page reloads with From and To set, other filters kept.
(function () {
  "use strict";
  var svg = document.getElementById("daily-chart");
  if (!svg) { return; }
  var ns = "http://www.w3.org/2000/svg";
  var columns = Array.prototype.slice.call(svg.querySelectorAll("rect.column"));
  var brush = null, startX = null;

  function toSvgX(evt) {
    var pt = svg.createSVGPoint();
    pt.x = evt.clientX; pt.y = evt.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse()).x;
  }

  // The period is shown on this page, or on the page the chart names (data-brush: the
  // actor page's chart opens the timeline of that actor).
  function show(since, until) {
    var target = svg.dataset.brush ? new URL(svg.dataset.brush, window.location.href) : new URL(window.location.href);
    var params = target.searchParams;
    params.set("since", since);
    params.set("until", until);
    params.delete("offset");
    // On this page the hash (the map's view) is kept; another page gets its own.
    if (svg.dataset.brush) { target.hash = ""; }
    window.location.href = target.toString();
  }

  function within(x0, x1) {
    return columns.filter(function (c) {
      var x = parseFloat(c.getAttribute("x")), w = parseFloat(c.getAttribute("width"));
      return x + w > x0 && x < x1;
    });
  }

  svg.addEventListener("mousedown", function (evt) {
    if (evt.button !== 0) { return; }
    evt.preventDefault();
    startX = toSvgX(evt);
    brush = document.createElementNS(ns, "rect");
    brush.setAttribute("class", "brush");
    brush.setAttribute("y", "0");
    brush.setAttribute("height", columns.length ? columns[0].getAttribute("height") : "0");
    brush.setAttribute("x", String(startX));
    brush.setAttribute("width", "0");
    svg.appendChild(brush);
  });

  svg.addEventListener("mousemove", function (evt) {
    if (brush === null) { return; }
    var x = toSvgX(evt);
    brush.setAttribute("x", String(Math.min(x, startX)));
    brush.setAttribute("width", String(Math.abs(x - startX)));
  });

  window.addEventListener("mouseup", function (evt) {
    if (brush === null) { return; }
    var x = toSvgX(evt), x0 = Math.min(x, startX), x1 = Math.max(x, startX);
    brush.remove();
    brush = null;
    var band = evt.target.closest ? evt.target.closest("g.band") : null;
    if (x1 - x0 < 3 && band) {
      show(band.dataset.since, band.dataset.until);
      return;
    }
    var picked = within(x0, Math.max(x1, x0 + 0.5));
    if (picked.length) {
      show(picked[0].dataset.since, picked[picked.length - 1].dataset.until);
    }
  });
})();

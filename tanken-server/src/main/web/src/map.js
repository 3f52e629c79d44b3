// The map: tiles from the configured URL, or the server's Natural Earth basemap when there are none
// or they fail; posts as thumbnail markers in clusters; hotspots as discs sized by their score.
/* global L */
import { altText } from "./format.js";

const TILE_FAILURES_BEFORE_FALLBACK = 3;

export class PostMap {
  constructor(container, config, { onOpen, onMoved }) {
    this.map = L.map(container, { worldCopyJump: true, keyboard: true, zoomControl: true, minZoom: 2, maxZoom: 19 });
    this.map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    this.onOpen = onOpen;
    this.basemap = null;
    this.basemapLoaded = null; // {bounds, zoom} of the data shown
    this.basemapRequest = 0;
    this.tiles = null;
    this.clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 48 });
    this.hotspots = L.layerGroup();
    this.markers = new Map();
    this.map.addLayer(this.clusters);
    this.map.addLayer(this.hotspots);
    if (config.tiles) {
      this.useTiles(config.tiles, config.attribution);
    } else {
      this.useBasemap();
    }
    this.map.on("moveend", () => {
      this.refreshBasemap();
      onMoved();
    });
  }

  useTiles(url, attribution) {
    let loaded = 0;
    let failed = 0;
    this.tiles = L.tileLayer(url, { attribution, maxZoom: 19 });
    this.tiles.on("tileload", () => { loaded += 1; });
    this.tiles.on("tileerror", () => {
      failed += 1;
      if (loaded === 0 && failed >= TILE_FAILURES_BEFORE_FALLBACK) {
        // Tiles cannot be had (offline, blocked, a wrong URL): draw the bundled map instead.
        this.map.removeLayer(this.tiles);
        this.tiles = null;
        this.useBasemap();
      }
    });
    this.tiles.addTo(this.map);
  }

  useBasemap() {
    this.map.getContainer().classList.add("basemap");
    this.map.attributionControl.addAttribution("Basemap: Natural Earth");
    this.basemap = L.geoJSON(null, {
      interactive: false,
      style: (feature) => ({
        land: { stroke: false, fill: true, fillColor: "#f2efe6", fillOpacity: 1 },
        coast: { color: "#7a9cb8", weight: 1, fill: false },
        border: { color: "#b39ab8", weight: 1, dashArray: "4 3", fill: false },
      })[feature.properties.kind],
    });
    this.basemap.addTo(this.map);
    this.basemap.bringToBack();
    this.refreshBasemap();
  }

  /** Loads the basemap for the view (with a margin) unless what is shown already covers it. */
  async refreshBasemap() {
    if (!this.basemap || !this.map._loaded) {
      return;
    }
    const zoom = Math.max(0, Math.min(20, Math.round(this.map.getZoom())));
    const view = this.map.getBounds();
    if (this.basemapLoaded && this.basemapLoaded.zoom === zoom && this.basemapLoaded.bounds.contains(view)) {
      return;
    }
    const padded = view.pad(0.5);
    const clamp = (v, limit) => Math.max(-limit, Math.min(limit, v));
    const box = [
      clamp(padded.getWest(), 180), clamp(padded.getSouth(), 90),
      clamp(padded.getEast(), 180), clamp(padded.getNorth(), 90),
    ].map((v) => v.toFixed(4));
    const request = ++this.basemapRequest;
    try {
      const response = await fetch(`basemap.geojson?bbox=${box.join(",")}&zoom=${zoom}`);
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      const data = await response.json();
      if (request !== this.basemapRequest) {
        return; // a later view's data is on its way
      }
      this.basemap.clearLayers();
      this.basemap.addData(data);
      this.basemapLoaded = { zoom, bounds: padded };
    } catch {
      // The map stays usable without its background; the next move tries again.
      this.basemapLoaded = null;
    }
  }

  setView(latitude, longitude, zoom) {
    this.map.setView([latitude, longitude], zoom ?? this.map.getZoom() ?? 13);
  }

  center() {
    const c = this.map.getCenter().wrap();
    return { latitude: c.lat, longitude: c.lng };
  }

  /** Metres from the centre to the farthest corner of the view: the area a search must cover. */
  radius() {
    const bounds = this.map.getBounds();
    const center = this.map.getCenter();
    return Math.max(center.distanceTo(bounds.getNorthEast()), center.distanceTo(bounds.getSouthWest()));
  }

  clearPosts() {
    this.clusters.clearLayers();
    this.markers.clear();
  }

  addPosts(posts) {
    const layers = [];
    for (const post of posts) {
      if (!post.location || this.markers.has(post.postId)) {
        continue;
      }
      const image = post.thumbUrl
        ? `<img src="${escapeHtml(post.thumbUrl)}" alt="${escapeHtml(altText(post))}">`
        : `<span aria-hidden="true">📷</span>`;
      const marker = L.marker([post.location.latitude, post.location.longitude], {
        icon: L.divIcon({
          className: "thumb-marker",
          html: `<span class="thumb" data-post-id="${escapeHtml(post.postId)}">${image}</span>`,
          iconSize: [44, 44],
          iconAnchor: [22, 22],
        }),
        title: altText(post),
        alt: altText(post),
        keyboard: true,
      });
      marker.on("click", () => this.onOpen(post.postId));
      marker.postId = post.postId;
      this.markers.set(post.postId, marker);
      layers.push(marker);
    }
    this.clusters.addLayers(layers);
  }

  removePost(postId) {
    const marker = this.markers.get(postId);
    if (marker) {
      this.clusters.removeLayer(marker);
      this.markers.delete(postId);
    }
  }

  /** Every post marker, in or out of a cluster: what the page shows on the map. */
  shownMarkers() {
    return [...this.markers.values()].map((m) => ({
      postId: m.postId, latitude: m.getLatLng().lat, longitude: m.getLatLng().lng,
    }));
  }

  showHotspots(hotspots) {
    this.hotspots.clearLayers();
    const top = Math.max(1, ...hotspots.map((h) => h.score ?? 0));
    hotspots.forEach((h, i) => {
      const size = 10 + 22 * Math.sqrt((h.score ?? 0) / top);
      const name = h.placeName || `${h.posts} posts`;
      L.circleMarker([h.center.latitude, h.center.longitude], {
        radius: size, color: "#c2410c", weight: 2, fillColor: "#fb923c", fillOpacity: 0.35,
        className: "hotspot",
      }).bindTooltip(`${i + 1}. ${escapeHtml(name)}`, { direction: "top" })
        .on("click", () => this.map.setView([h.center.latitude, h.center.longitude], Math.max(this.map.getZoom(), 15)))
        .addTo(this.hotspots);
    });
  }

  onceClicked() {
    return new Promise((resolve) => {
      this.map.getContainer().classList.add("placing");
      this.map.once("click", (e) => {
        this.map.getContainer().classList.remove("placing");
        const p = e.latlng.wrap();
        resolve({ latitude: p.lat, longitude: p.lng });
      });
    });
  }
}

export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[c]);
}

// The page: a map and a list of what was posted near its centre, a post's view with likes and
// comments, sign-in and uploads, all through the public tanken.v1 API.
import { Api, ApiError } from "./api.js";
import { PostMap } from "./map.js";
import { PostView } from "./post.js";
import { Uploads } from "./upload.js";
import { SignIn } from "./signin.js";
import { altText, distance, element } from "./format.js";

const PAGE_SIZE = 50;
const MAX_RADIUS_METERS = 100000;
const $ = (id) => document.getElementById(id);

const config = JSON.parse($("tanken-config").textContent || "{}");
const api = new Api();
const query = new URLSearchParams(location.search);
const pageSize = clampInt(query.get("limit"), 1, 100, PAGE_SIZE);

const status = {
  show(message) {
    $("status-text").textContent = message;
    $("status").hidden = false;
  },
  clear() {
    $("status").hidden = true;
  },
  failed(what, error) {
    const reason = error instanceof ApiError ? error.message : String(error?.message ?? error);
    this.show(`${what}: ${reason}`);
  },
};
$("status-close").addEventListener("click", () => status.clear());

// The search the list and markers show: one centre and radius, paged with the API's tokens.
let search = null;
let searchNumber = 0;

const map = new PostMap($("map"), config, {
  onOpen: (postId) => view.open(postId),
  onMoved: () => scheduleSearch(),
});
const view = new PostView(api, status, {
  onChanged: (post) => updateListed(post),
  onDeleted: (postId) => {
    map.removePost(postId);
    document.querySelector(`#posts li[data-post-id="${CSS.escape(postId)}"]`)?.remove();
  },
});
const signIn = new SignIn(api, config, status, () => {
  uploads.setEnabled(Boolean(api.credentials));
  view.setSignedIn(signIn.name());
  scheduleSearch();
});
const uploads = new Uploads(api, status, map, {
  onCreated: (post) => {
    if (post.location) {
      map.setView(post.location.latitude, post.location.longitude, Math.max(map.map.getZoom(), 14));
    }
    scheduleSearch();
  },
});

let timer = null;
let pending = false;
function scheduleSearch() {
  pending = true;
  // Busy from now on, so nobody reads the list a search is about to replace.
  $("posts").setAttribute("aria-busy", "true");
  clearTimeout(timer);
  timer = setTimeout(() => runSearch(), 250);
}

async function runSearch() {
  pending = false;
  const number = ++searchNumber;
  const center = map.center();
  const radius = Math.min(MAX_RADIUS_METERS, Math.max(1, Math.round(map.radius())));
  search = { center, radius, token: "", done: false };
  const list = $("posts");
  list.dataset.latitude = center.latitude;
  list.dataset.longitude = center.longitude;
  list.dataset.radius = radius;
  list.setAttribute("aria-busy", "true");
  try {
    const [posts, hotspots] = await Promise.all([
      api.call("PostsService", "GetPostsByLocation", { location: center, radiusMeters: radius, limit: pageSize }),
      api.call("ExploreService", "Explore", { location: center, radiusMeters: radius, limit: 5 })
        .catch(() => ({ hotspots: [] })),
    ]);
    if (number !== searchNumber) {
      return;
    }
    list.replaceChildren();
    map.clearPosts();
    showPage(posts);
    showHotspots(hotspots.hotspots ?? []);
    status.clear();
  } catch (error) {
    if (number === searchNumber) {
      status.failed("Could not load the posts near here", error);
    }
  } finally {
    if (number === searchNumber && !pending) {
      list.setAttribute("aria-busy", "false");
    }
  }
}

function showPage(answer) {
  const posts = answer.posts ?? [];
  map.addPosts(posts);
  $("posts").append(...posts.map(listItem));
  search.token = answer.nextPageToken ?? "";
  search.done = !search.token;
  $("more").hidden = search.done;
  const shown = $("posts").children.length;
  $("posts-summary").textContent = shown === 0
    ? `Nothing posted within ${distance(search.radius)} of the map's centre.`
    : `${shown} post${shown === 1 ? "" : "s"} within ${distance(search.radius)}${search.done ? "" : ", more below"}.`;
}

$("more").addEventListener("click", async () => {
  if (!search || search.done) {
    return;
  }
  const number = searchNumber;
  try {
    const answer = await api.call("PostsService", "GetPostsByLocation", {
      location: search.center, radiusMeters: search.radius, limit: pageSize, pageToken: search.token,
    });
    if (number === searchNumber) {
      showPage(answer);
    }
  } catch (error) {
    status.failed("Could not load more posts", error);
  }
});

function listItem(post) {
  const caption = post.content || "(no caption)";
  return element("li", { "data-post-id": post.postId },
    element("button", { type: "button", className: "post-item", onclick: () => view.open(post.postId) },
      post.thumbUrl
        ? element("img", { src: post.thumbUrl, alt: altText(post), width: 64, height: 64 })
        : element("span", { className: "no-thumb", "aria-hidden": "true" }, "📷"),
      element("span", { className: "text" },
        element("span", { className: "caption" }, caption),
        element("span", { className: "meta" },
          [distance(post.distanceMeters), post.placeName, post.author?.username && `@${post.author.username}`]
            .filter(Boolean).join(" · ")),
        element("span", { className: "counts", "aria-label": "likes and comments" },
          `♥ ${Number(post.likes ?? 0)}  💬 ${Number(post.comments ?? 0)}`))));
}

function updateListed(post) {
  const item = document.querySelector(`#posts li[data-post-id="${CSS.escape(post.postId)}"]`);
  if (item) {
    item.replaceWith(listItem({ ...post, distanceMeters: post.distanceMeters ?? item.dataset.distance }));
  }
}

function showHotspots(hotspots) {
  map.showHotspots(hotspots);
  $("hotspots").replaceChildren(...hotspots.map((h) => element("li", {},
    element("button", {
      type: "button",
      className: "hotspot-item",
      onclick: () => map.setView(h.center.latitude, h.center.longitude, Math.max(map.map.getZoom(), 15)),
    }, hotspotLabel(h)))));
  if (hotspots.length === 0) {
    $("hotspots").append(element("li", { className: "summary" }, "No hotspots in view."));
  }
}

// Place names are city-wide, so several hotspots often share one: the distance and the tags tell
// them apart.
function hotspotLabel(h) {
  const posts = `${h.posts} post${h.posts === 1 ? "" : "s"} by ${h.posters} ${h.posters === 1 ? "person" : "people"}`;
  const tags = (h.topTags ?? []).map((t) => `#${t}`).join(" ");
  return [`${h.placeName || "Unnamed place"} · ${distance(h.distanceMeters ?? 0)}`, posts, tags]
    .filter((part) => part).join(" — ");
}

function clampInt(text, min, max, fallback) {
  const n = Number.parseInt(text ?? "", 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function start() {
  const lat = Number.parseFloat(query.get("lat"));
  const lon = Number.parseFloat(query.get("lon"));
  const zoom = clampInt(query.get("zoom"), 1, 19, 14);
  if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    map.setView(lat, lon, zoom);
    return;
  }
  map.setView(config.center?.latitude ?? 35.6812, config.center?.longitude ?? 139.7671, zoom);
  if ("geolocation" in navigator && window.isSecureContext) {
    navigator.geolocation.getCurrentPosition(
      (p) => map.setView(p.coords.latitude, p.coords.longitude, zoom),
      () => { /* refused or unknown: the configured centre stays */ },
      { maximumAge: 600000, timeout: 10000 });
  }
}

signIn.start();
start();

// For tests and the curious: what the map shows, in or out of clusters.
window.tanken = {
  markers: () => map.shownMarkers(),
  search: () => search && { ...search },
  pointAt: (x, y) => {
    const p = map.map.containerPointToLatLng([x, y]).wrap();
    return { latitude: p.lat, longitude: p.lng };
  },
};

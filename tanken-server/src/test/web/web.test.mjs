// The page at / in a real browser: playwright-core driving the system's Chromium (never a
// downloaded one). WebPageTest seeds a store, starts the server with tiles off and sets
// TANKEN_URL, TANKEN_FIXTURE (what it seeded), TANKEN_RESULT (where to write what the page showed,
// which it then checks against the database), TANKEN_SCREENSHOTS and TANKEN_CHROMIUM.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const baseUrl = process.env.TANKEN_URL;
const fixturePath = process.env.TANKEN_FIXTURE;
if (!baseUrl || !fixturePath || !process.env.TANKEN_RESULT || !process.env.TANKEN_SCREENSHOTS) {
  throw new Error("TANKEN_URL, TANKEN_FIXTURE, TANKEN_RESULT and TANKEN_SCREENSHOTS must be set (WebPageTest sets them)");
}
const fixture = JSON.parse(readFileSync(fixturePath, "utf8"));
const result = {};
const centre = `lat=${fixture.center.latitude}&lon=${fixture.center.longitude}&zoom=15`;
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.TANKEN_CHROMIUM || "/usr/bin/chromium",
    // The sandbox needs user namespaces, which CI containers running as root do not give.
    args: ["--no-sandbox"],
  });
});

after(async () => {
  writeFileSync(process.env.TANKEN_RESULT, JSON.stringify(result));
  await browser?.close();
});

/** A call to the public API, as the page makes it. */
async function call(service, method, message, user) {
  const headers = { "Content-Type": "application/json" };
  if (user) {
    headers["X-Tanken-User"] = user;
  }
  const response = await fetch(`${baseUrl}/tanken.v1.${service}/${method}`, {
    method: "POST", headers, body: JSON.stringify(message),
  });
  const body = await response.json();
  assert.ok(response.ok, `${method} failed: ${JSON.stringify(body)}`);
  return body;
}

/** Every page of GetPostsByLocation for one search. */
async function allNearby(location, radiusMeters, user, limit = 50) {
  const posts = [];
  let pageToken = "";
  do {
    const answer = await call("PostsService", "GetPostsByLocation", { location, radiusMeters, limit, pageToken }, user);
    posts.push(...(answer.posts ?? []));
    pageToken = answer.nextPageToken ?? "";
  } while (pageToken);
  return posts;
}

/**
 * A browser context and page that records every console error, failed request and uncaught
 * exception; close() fails the test if there was any.
 */
async function open(path, { width = 1280, height = 800, allowErrors = false, expected = [], base = baseUrl,
  setup = null } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: "ja-JP" });
  const page = await context.newPage();
  if (setup) {
    await setup(page);
  }
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") {
      errors.push(`console: ${m.text()}`);
    }
  });
  page.on("pageerror", (e) => errors.push(`exception: ${e.message}`));
  page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) {
      errors.push(`HTTP ${r.status()}: ${r.url()}`);
    }
  });
  await page.goto(`${base}${path}`);
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      if (!allowErrors) {
        assert.deepEqual(errors.filter((e) => !expected.some((pattern) => pattern.test(e))), [],
          "the page logged errors");
      }
    },
  };
}

async function listLoaded(page) {
  await page.waitForFunction(() => {
    const list = document.querySelector("#posts");
    return list.getAttribute("aria-busy") === "false";
  });
}

async function signIn(page, name) {
  await page.fill("#signin-name", name);
  await page.click("#signin button[type=submit]");
  await page.waitForSelector("#me:not([hidden])");
  await listLoaded(page);
}

async function openFirstPost(page, postId) {
  await page.click(`#posts li[data-post-id="${postId}"] button`);
  await page.waitForSelector("#post[open]");
  await page.waitForFunction(() => {
    const img = document.querySelector("#post-image");
    return img.complete && img.naturalWidth > 0;
  });
}

async function shown(page) {
  return page.evaluate(() => ({
    list: [...document.querySelectorAll("#posts li[data-post-id]")].map((li) => li.dataset.postId),
    markers: window.tanken.markers(),
    search: {
      location: {
        latitude: Number(document.querySelector("#posts").dataset.latitude),
        longitude: Number(document.querySelector("#posts").dataset.longitude),
      },
      radiusMeters: Number(document.querySelector("#posts").dataset.radius),
    },
    text: document.body.innerText,
  }));
}

describe("the map and the list", () => {
  test("show exactly GetPostsByLocation's answer for the same area, nearest first", async () => {
    const p = await open(`/?${centre}`);
    await listLoaded(p.page);
    const page = await shown(p.page);
    const api = await allNearby(page.search.location, page.search.radiusMeters);
    assert.ok(api.length >= 7, `the seeded posts are in view (${api.length})`);
    assert.deepEqual(page.list, api.map((x) => x.postId));
    assert.deepEqual(
      page.markers.map((m) => m.postId).sort(),
      api.map((x) => x.postId).sort());
    for (const post of api) {
      const marker = page.markers.find((m) => m.postId === post.postId);
      assert.equal(marker.latitude, post.location.latitude);
      assert.equal(marker.longitude, post.location.longitude);
    }
    // The bundled basemap is drawn, since the tiles are off.
    assert.ok(await p.page.locator(".leaflet-overlay-pane path").count() > 0, "the basemap draws land");
    // Captions in Japanese and emoji come through as written.
    assert.match(page.text, /渋谷スクランブル交差点 🚦/);
    await p.close();
  });

  test("list Explore's hotspots for the same area in its order, each told apart by its distance", async () => {
    const p = await open(`/?${centre}`);
    await listLoaded(p.page);
    const page = await shown(p.page);
    const answer = await call("ExploreService", "Explore",
      { location: page.search.location, radiusMeters: page.search.radiusMeters, limit: 5 });
    const spots = answer.hotspots ?? [];
    assert.ok(spots.length >= 2, `the seeded posts make hotspots (${spots.length})`);
    const items = await p.page.locator("#hotspots .hotspot-item").allInnerTexts();
    assert.equal(items.length, spots.length);
    // Distances as the page writes them everywhere, by its own module.
    const distances = await p.page.evaluate(async (meters) => {
      const format = await import("/assets/format.js");
      return meters.map((m) => format.distance(m));
    }, spots.map((h) => h.distanceMeters ?? 0));
    assert.equal(new Set(items).size, items.length, `no two hotspots read the same: ${items.join(" | ")}`);
    spots.forEach((h, i) => {
      assert.ok(items[i].startsWith(`${h.placeName || "Unnamed place"} · ${distances[i]} — `), items[i]);
      assert.match(items[i], new RegExp(`— ${h.posts} posts? by ${h.posters} (person|people)`));
      for (const tag of h.topTags ?? []) {
        assert.ok(items[i].includes(`#${tag}`), `${items[i]} shows #${tag}`);
      }
    });
    await p.close();
  });

  test("pages through the API's page tokens with no repeats and no gaps", async () => {
    const p = await open(`/?${centre}&limit=3`);
    await listLoaded(p.page);
    while (await p.page.isVisible("#more")) {
      const before = await p.page.locator("#posts li").count();
      await p.page.click("#more");
      await p.page.waitForFunction((n) => document.querySelectorAll("#posts li").length > n, before);
    }
    const page = await shown(p.page);
    const api = await allNearby(page.search.location, page.search.radiusMeters);
    assert.deepEqual(page.list, api.map((x) => x.postId));
    assert.equal(new Set(page.list).size, page.list.length);
    await p.close();
  });

  test("another user's hidden post never appears; an approximate one appears at its cell", async () => {
    for (const user of [null, "chika"]) {
      const p = await open(`/?${centre}`);
      if (user) {
        await signIn(p.page, user);
      } else {
        await listLoaded(p.page);
      }
      const page = await shown(p.page);
      assert.ok(!page.list.includes(fixture.hidden.postId), "the hidden post is not listed");
      assert.ok(!page.markers.some((m) => m.postId === fixture.hidden.postId), "the hidden post has no marker");
      assert.ok(!page.text.includes(fixture.hidden.caption), "the hidden caption is nowhere on the page");
      const approximate = page.markers.find((m) => m.postId === fixture.approximate.postId);
      assert.ok(approximate, "the approximate post has a marker");
      assert.ok(Math.abs(approximate.latitude - fixture.approximate.latitude) < 1e-9);
      assert.ok(Math.abs(approximate.longitude - fixture.approximate.longitude) < 1e-9);
      assert.notEqual(approximate.latitude, fixture.approximate.exactLatitude);
      await p.close();
    }
    // Its author does see it, so the page would show it if the API gave it.
    const p = await open(`/?${centre}`);
    await signIn(p.page, "ben");
    const page = await shown(p.page);
    assert.ok(page.list.includes(fixture.hidden.postId), "the author sees his hidden post");
    await p.close();
  });
});

describe("a post", () => {
  test("opens with its photo decoded, its caption as the alt text", async () => {
    const p = await open(`/?${centre}`);
    await listLoaded(p.page);
    const first = (await shown(p.page)).list[0];
    await openFirstPost(p.page, first);
    const [{ posts: [post] }] = [await call("PostsService", "GetPostsByPostIds", { postIds: [first] })];
    const image = await p.page.evaluate(() => {
      const img = document.querySelector("#post-image");
      return { width: img.naturalWidth, alt: img.alt, src: img.getAttribute("src") };
    });
    assert.ok(image.width > 0);
    assert.equal(image.src, post.largeUrl);
    assert.equal(image.alt, post.content);
    assert.equal(await p.page.textContent("#post-caption"), post.content);
    // Escape closes it, as any dialog.
    await p.page.keyboard.press("Escape");
    await p.page.waitForSelector("#post:not([open])", { state: "attached" });
    await p.close();
  });

  test("like and unlike change the count shown and the stored count alike", async () => {
    const p = await open(`/?${centre}`);
    await signIn(p.page, "chika");
    const postId = (await shown(p.page)).list[0];
    await openFirstPost(p.page, postId);
    const stored = async () => Number((await call("PostsService", "GetPostsByPostIds", { postIds: [postId] })).posts[0].likes ?? 0);
    const shownLikes = async () => Number(await p.page.textContent("#post-likes"));
    const start = await shownLikes();
    assert.equal(start, await stored());

    await p.page.click("#like");
    await p.page.waitForSelector("#like[aria-pressed=true]");
    await p.page.waitForFunction((n) => Number(document.querySelector("#post-likes").textContent) === n, start + 1);
    assert.equal(await stored(), start + 1);

    await p.page.click("#like");
    await p.page.waitForSelector("#like[aria-pressed=false]");
    await p.page.waitForFunction((n) => Number(document.querySelector("#post-likes").textContent) === n, start);
    assert.equal(await stored(), start);

    await p.page.click("#like");
    await p.page.waitForSelector("#like[aria-pressed=true]");
    await p.page.waitForFunction((n) => Number(document.querySelector("#post-likes").textContent) === n, start + 1);
    result.likedPostId = postId;
    result.likesShown = await shownLikes();

    // Bookmarks the same way.
    const bookmarks = Number(await p.page.textContent("#post-bookmarks"));
    await p.page.click("#bookmark");
    await p.page.waitForSelector("#bookmark[aria-pressed=true]");
    await p.page.waitForFunction((n) => Number(document.querySelector("#post-bookmarks").textContent) === n,
      bookmarks + 1);
    const saved = await call("PostsService", "GetBookmarks", {}, "chika");
    assert.ok(saved.posts.some((x) => x.postId === postId), "the bookmark is stored");
    await p.close();
  });

  test("a comment appears for another browser context", async () => {
    const writer = await open(`/?${centre}`);
    await signIn(writer.page, "chika");
    const postId = (await shown(writer.page)).list[1];
    await openFirstPost(writer.page, postId);
    const text = `おいしそう 😋 ${Date.now()}`;
    await writer.page.fill("#comment-text", text);
    await writer.page.click("#comment-form button[type=submit]");
    await writer.page.waitForFunction((t) => document.querySelector("#comments").innerText.includes(t), text);

    const reader = await open(`/?${centre}`);
    await signIn(reader.page, "dan");
    await openFirstPost(reader.page, postId);
    await reader.page.waitForFunction((t) => document.querySelector("#comments").innerText.includes(t), text);
    assert.match(await reader.page.innerText("#comments"), /chika/);
    result.commentedPostId = postId;
    result.commentsShown = Number(await reader.page.textContent("#post-comments"));
    await writer.close();
    await reader.close();
  });
});

describe("a post's author", () => {
  test("replaces its tags from the dialog, by keyboard; the API answers the same tags", async () => {
    const p = await open(`/?${centre}`);
    await signIn(p.page, "aiko");
    const postId = fixture.tagged.postId;
    await openFirstPost(p.page, postId);
    await p.page.waitForSelector("#tags-form:not([hidden])");
    assert.equal(await p.page.inputValue("#tags-input"), "shibuya");
    await p.page.fill("#tags-input", "#Yoyogi 公園、秋  shibuya,shibuya");
    await p.page.press("#tags-input", "Enter");
    // Stored lower-cased, without '#', once each, sorted.
    const expected = ["shibuya", "yoyogi", "公園", "秋"];
    await p.page.waitForFunction((t) => document.querySelector("#post-tags").textContent === t,
      expected.map((t) => `#${t}`).join(" "));
    const { posts: [post] } = await call("PostsService", "GetPostsByPostIds", { postIds: [postId] });
    assert.deepEqual(post.tags, expected);
    assert.equal(await p.page.inputValue("#tags-input"), expected.join(" "));
    result.taggedPostId = postId;
    result.tagsShown = (await p.page.textContent("#post-tags")).split(" ").map((t) => t.replace(/^#/, ""));
    await p.close();
  });

  test("replaces its caption from the dialog; the list, the alt text and the API follow", async () => {
    const p = await open(`/?${centre}`);
    await signIn(p.page, "aiko");
    const postId = fixture.tagged.postId;
    await openFirstPost(p.page, postId);
    await p.page.waitForSelector("#caption-form:not([hidden])");
    assert.equal(await p.page.inputValue("#caption-input"), fixture.tagged.caption);
    const caption = "代々木公園の紅葉 🍁";
    await p.page.fill("#caption-input", caption);
    await p.page.click("#caption-form button[type=submit]");
    await p.page.waitForFunction((c) => document.querySelector("#post-caption").textContent === c, caption);
    assert.equal(await p.page.getAttribute("#post-image", "alt"), caption);
    const { posts: [post] } = await call("PostsService", "GetPostsByPostIds", { postIds: [postId] });
    assert.equal(post.content, caption);
    await p.page.keyboard.press("Escape");
    await p.page.waitForSelector("#post:not([open])", { state: "attached" });
    assert.match(await p.page.innerText(`#posts li[data-post-id="${postId}"]`), /代々木公園の紅葉 🍁/);
    result.captionedPostId = postId;
    result.captionShown = caption;
    await p.close();
  });

  test("and a comment's author can remove the comment; nobody else gets the button", async () => {
    const postId = fixture.discussed.postId;
    const writer = await open(`/?${centre}`);
    await signIn(writer.page, "chika");
    await openFirstPost(writer.page, postId);
    const text = `消すかも 🗑 ${Date.now()}`;
    await writer.page.fill("#comment-text", text);
    await writer.page.click("#comment-form button[type=submit]");
    await writer.page.waitForFunction((t) => document.querySelector("#comments").innerText.includes(t), text);
    const { comments } = await call("PostsService", "GetComments", { postId, limit: 100 });
    const written = comments.find((c) => c.text === text);
    assert.ok(written, "the comment is stored");
    const item = `#comments li[data-comment-id="${written.commentId}"]`;
    const countBefore = comments.length;
    await writer.page.waitForFunction((n) => Number(document.querySelector("#post-comments").textContent) === n,
      countBefore);

    // Another signed-in user gets no remove button on it; the post's author does (the API allows both).
    for (const [user, allowed] of [["dan", false], ["aiko", true]]) {
      const other = await open(`/?${centre}`);
      await signIn(other.page, user);
      await openFirstPost(other.page, postId);
      await other.page.waitForSelector(item);
      assert.equal(await other.page.locator(`${item} .remove-comment`).count(), allowed ? 1 : 0,
        `${user} ${allowed ? "may" : "may not"} remove chika's comment`);
      await other.close();
    }

    writer.page.once("dialog", (d) => d.accept());
    await writer.page.click(`${item} .remove-comment`);
    await writer.page.waitForSelector(item, { state: "detached" });
    await writer.page.waitForFunction((n) => Number(document.querySelector("#post-comments").textContent) === n,
      countBefore - 1);
    const after = await call("PostsService", "GetComments", { postId, limit: 100 });
    assert.ok(!(after.comments ?? []).some((c) => c.commentId === written.commentId), "the comment is gone");
    result.discussedPostId = postId;
    result.removedCommentId = written.commentId;
    result.discussedCommentsShown = Number(await writer.page.textContent("#post-comments"));
    await writer.close();
  });
});

describe("a post's precision", () => {
  test("its author hides it, and others no longer see it; made approximate, it appears at its cell", async () => {
    const { postId, caption } = fixture.precision;
    const author = await open(`/?${centre}`);
    await signIn(author.page, "aiko");
    await openFirstPost(author.page, postId);
    await author.page.waitForSelector("#precision-form:not([hidden])");
    assert.equal(await author.page.inputValue("#precision"), "LOCATION_PRECISION_EXACT");
    // Before: another user sees it where it was taken.
    const before = await open(`/?${centre}`);
    await signIn(before.page, "dan");
    const seen = (await shown(before.page)).markers.find((m) => m.postId === postId);
    assert.ok(seen, "the exact post has a marker for others");
    assert.ok(Math.abs(seen.latitude - fixture.precision.exactLatitude) < 1e-6, "at its exact position");
    await before.close();

    const choose = async (precision, note) => {
      await author.page.selectOption("#precision", precision);
      await author.page.click("#precision-form button[type=submit]");
      await author.page.waitForFunction((n) => document.querySelector("#post-place").textContent.includes(n), note);
      const { posts: [post] } = await call("PostsService", "GetPostsByPostIds", { postIds: [postId] }, "aiko");
      assert.equal(post.precision, precision);
      assert.equal(await author.page.inputValue("#precision"), precision);
    };
    await choose("LOCATION_PRECISION_HIDDEN", "hidden from others");
    for (const user of [null, "dan"]) {
      const other = await open(`/?${centre}`);
      if (user) {
        await signIn(other.page, user);
      } else {
        await listLoaded(other.page);
      }
      const page = await shown(other.page);
      assert.ok(!page.list.includes(postId), "the hidden post is not listed");
      assert.ok(!page.markers.some((m) => m.postId === postId), "the hidden post has no marker");
      assert.ok(!page.text.includes(caption), "its caption is nowhere on the page");
      const api = await allNearby(page.search.location, page.search.radiusMeters, user);
      assert.ok(!api.some((p) => p.postId === postId), "nor in the API's answer");
      await other.close();
    }

    await choose("LOCATION_PRECISION_APPROXIMATE", "approximate");
    const after = await open(`/?${centre}`);
    await signIn(after.page, "dan");
    const marker = (await shown(after.page)).markers.find((m) => m.postId === postId);
    assert.ok(marker, "the approximate post has a marker again");
    assert.ok(Math.abs(marker.latitude - fixture.precision.latitude) < 1e-9);
    assert.ok(Math.abs(marker.longitude - fixture.precision.longitude) < 1e-9);
    assert.notEqual(marker.latitude, fixture.precision.exactLatitude);
    await after.close();
    result.precisionPostId = postId;
    result.precisionShown = await author.page.inputValue("#precision");
    await author.close();
  });
});

describe("uploads", () => {
  test("a photo uploads with progress and appears at its EXIF position; the same again is a duplicate", async () => {
    const p = await open(`/?${centre}`);
    await signIn(p.page, "chika");
    await p.page.setInputFiles("#upload-input", fixture.upload.path);
    await p.page.waitForSelector(".upload[data-outcome=created]");
    const near = (m) => Math.abs(m.latitude - fixture.upload.latitude) < 1e-6
      && Math.abs(m.longitude - fixture.upload.longitude) < 1e-6;
    await p.page.waitForFunction(
      ({ lat, lon }) => window.tanken.markers().some((m) => Math.abs(m.latitude - lat) < 1e-6
        && Math.abs(m.longitude - lon) < 1e-6),
      { lat: fixture.upload.latitude, lon: fixture.upload.longitude });
    const marker = (await shown(p.page)).markers.find(near);
    const { posts: [post] } = await call("PostsService", "GetPostsByPostIds", { postIds: [marker.postId] });
    assert.equal(post.author.username, "chika");
    result.uploadedPostId = marker.postId;

    await p.page.setInputFiles("#upload-input", fixture.upload.path);
    await p.page.waitForSelector(".upload[data-outcome=duplicate]");
    await p.close();
  });
});

describe("uploads without GPS", () => {
  test("ask for a point on the map and are stored there", async () => {
    // The first try is refused (400: no GPS), which is how the page learns to ask; Chromium logs
    // every 4xx answer as a console error, so exactly that one is expected.
    const p = await open(`/?${centre}`, {
      expected: [/^HTTP 400: .*\/tanken\.v1\.PostsService\/UploadNewPost$/,
        /^console: Failed to load resource: the server responded with a status of 400/],
    });
    await signIn(p.page, "chika");
    await p.page.setInputFiles("#upload-input", fixture.noGpsPath);
    await p.page.waitForSelector("#place-hint:not([hidden])");
    await p.page.waitForSelector(".upload[data-outcome=waiting]");
    // A corner of the map, away from the markers (a click on one would open its post).
    const box = await p.page.locator("#map").boundingBox();
    const x = 60;
    const y = box.height - 60;
    const point = await p.page.evaluate(([px, py]) => window.tanken.pointAt(px, py), [x, y]);
    await p.page.mouse.click(box.x + x, box.y + y);
    await p.page.waitForSelector(".upload[data-outcome=created]");
    // Within a pixel of the point clicked (zoom 15: a pixel is 4.3e-5 degrees of longitude).
    const PIXEL = 360 / (256 * 2 ** 15);
    const at = (m, q) => Math.abs(m.latitude - q.latitude) < PIXEL && Math.abs(m.longitude - q.longitude) < PIXEL;
    await p.page.waitForFunction(([q, px]) => window.tanken.markers().some((m) => Math.abs(m.latitude - q.latitude) < px
      && Math.abs(m.longitude - q.longitude) < px), [point, PIXEL]);
    const placed = (await shown(p.page)).markers.find((m) => at(m, point));
    const { posts: [post] } = await call("PostsService", "GetPostsByPostIds", { postIds: [placed.postId] });
    assert.equal(post.author.username, "chika");
    // The store has it exactly where the map shows it.
    assert.equal(post.location.latitude, placed.latitude);
    assert.equal(post.location.longitude, placed.longitude);
    result.placedPostId = placed.postId;
    result.placedLatitude = placed.latitude;
    result.placedLongitude = placed.longitude;
    await p.close();
  });

  test("their author can name their place from the dialog", async () => {
    const p = await open(`/?${centre}`);
    await signIn(p.page, "chika");
    await p.page.click(`#posts li[data-post-id="${result.placedPostId}"] button`);
    await p.page.waitForSelector("#post[open]");
    await p.page.waitForSelector("#place-form:not([hidden])");
    const name = "Chika's bench 🌸";
    await p.page.fill("#place-name", name);
    await p.page.click("#place-form button[type=submit]");
    await p.page.waitForFunction((n) => document.querySelector("#post-place").textContent.includes(n), name);
    const { posts: [post] } = await call("PostsService", "GetPostsByPostIds", { postIds: [result.placedPostId] });
    assert.equal(post.placeName, name);
    await p.page.keyboard.press("Escape");
    await p.page.waitForSelector("#post:not([open])", { state: "attached" });
    // Nobody else gets the form.
    const listed = await call("PostsService", "GetPostsByPostIds", { postIds: (await shown(p.page)).list.slice(0, 100) });
    const other = listed.posts.find((x) => x.author?.username !== "chika").postId;
    await p.page.click(`#posts li[data-post-id="${other}"] button`);
    await p.page.waitForSelector("#post[open]");
    assert.equal(await p.page.isVisible("#place-form"), false);
    assert.equal(await p.page.isVisible("#tags-form"), false);
    assert.equal(await p.page.isVisible("#caption-form"), false);
    assert.equal(await p.page.isVisible("#precision-form"), false);
    await p.close();
  });

  test("their author can delete them, after saying yes", async () => {
    const p = await open(`/?${centre}`);
    await signIn(p.page, "chika");
    await p.page.click(`#posts li[data-post-id="${result.placedPostId}"] button`);
    await p.page.waitForSelector("#post[open]");
    await p.page.waitForSelector("#delete:not([hidden])");
    p.page.once("dialog", (d) => d.accept());
    await p.page.click("#delete");
    await p.page.waitForSelector("#post:not([open])", { state: "attached" });
    await p.page.waitForSelector(`#posts li[data-post-id="${result.placedPostId}"]`, { state: "detached" });
    assert.ok(!(await shown(p.page)).markers.some((m) => m.postId === result.placedPostId));
    const { posts } = await call("PostsService", "GetPostsByPostIds", { postIds: [result.placedPostId] });
    assert.equal(posts?.length ?? 0, 0, "the post is gone from the store");
    // Nobody else gets a delete button.
    await p.page.click(`#posts li[data-post-id="${(await shown(p.page)).list[0]}"] button`);
    await p.page.waitForSelector("#post[open]");
    assert.equal(await p.page.isVisible("#delete"), false);
    await p.close();
  });
});

describe("Google sign-in (a server with --auth oidc)", () => {
  test("the button's ID token signs in, and calls carry it", async () => {
    // Google's script needs the internet; this stand-in keeps its API and hands over a token the
    // test's issuer signed, which the server checks like Google's.
    const gis = `window.google = { accounts: { id: {
      initialize(options) { window.gisOptions = options; },
      renderButton(element) {
        const button = document.createElement("button");
        button.type = "button";
        button.id = "gis-button";
        button.textContent = "Sign in with Google";
        button.onclick = () => window.gisOptions.callback({ credential: ${JSON.stringify(fixture.oidc.token)} });
        element.append(button);
      },
    } } };`;
    const p = await open(`/?${centre}`, {
      base: fixture.oidc.url.replace(/\/$/, ""),
      setup: (page) => page.route("https://accounts.google.com/gsi/client",
        (route) => route.fulfill({ body: gis, contentType: "text/javascript" })),
    });
    await listLoaded(p.page);
    assert.equal(await p.page.isVisible("#signin"), false, "no user-name field with OIDC");
    await p.page.click("#gis-button");
    await p.page.waitForSelector("#me:not([hidden])");
    assert.match(await p.page.textContent("#me-name"), /^oidc-/);
    await listLoaded(p.page);
    await openFirstPost(p.page, fixture.oidc.postId);
    await p.page.click("#like");
    await p.page.waitForSelector("#like[aria-pressed=true]");
    await p.page.waitForFunction(() => document.querySelector("#post-likes").textContent === "1");
    await p.close();
  });
});

describe("the page", () => {
  test("says clearly when the server cannot be reached", async () => {
    const p = await open(`/?${centre}`, { allowErrors: true });
    await listLoaded(p.page);
    await p.page.route("**/tanken.v1.PostsService/GetPostsByLocation", (route) => route.abort());
    // The map pans with the keyboard; the search after the move cannot reach the server.
    await p.page.focus("#map");
    await p.page.keyboard.press("ArrowRight");
    await p.page.waitForSelector("#status:not([hidden])");
    assert.match(await p.page.textContent("#status-text"), /cannot be reached/);
    await p.close();
  });

  test("works at phone and desktop width (screenshots)", async () => {
    // The desktop view is wide enough to show Tokyo Bay's coast from the bundled basemap.
    for (const [name, width, height, zoom] of [["phone", 375, 812, 15], ["desktop", 1280, 800, 13]]) {
      const p = await open(`/?${centre.replace("zoom=15", `zoom=${zoom}`)}`, { width, height });
      await signIn(p.page, "aiko");
      await p.page.waitForFunction(() => [...document.querySelectorAll(".thumb-marker img, .post-item img")]
        .every((img) => img.complete && img.naturalWidth > 0));
      const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, `nothing sticks out sideways at ${width} px`);
      await p.page.screenshot({ path: join(process.env.TANKEN_SCREENSHOTS, `${name}.png`) });
      // The author's dialog, with every form it has, fits too.
      await openFirstPost(p.page, fixture.tagged.postId);
      await p.page.waitForSelector("#precision-form:not([hidden])");
      const dialogOverflow = await p.page.evaluate(() => {
        const dialog = document.querySelector("#post");
        return dialog.scrollWidth > dialog.clientWidth || dialog.getBoundingClientRect().right > window.innerWidth;
      });
      assert.equal(dialogOverflow, false, `the post dialog fits at ${width} px`);
      await p.page.screenshot({ path: join(process.env.TANKEN_SCREENSHOTS, `${name}-post.png`) });
      await p.close();
    }
  });
});

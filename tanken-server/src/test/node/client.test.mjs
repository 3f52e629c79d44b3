// Every tanken.v1 RPC through the unmodified @connectrpc/connect-node client, over HTTP/1.1 and
// HTTP/2 (prior knowledge on http://), in JSON and binary. NodeClientTest starts the server and
// sets TANKEN_URL and TANKEN_TEST_PHOTO (a JPEG the Java side made).
import { describe, test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { PostsService } from "./gen/tanken/v1/posts_pb.js";
import { UserService } from "./gen/tanken/v1/users_pb.js";
import { ExploreService } from "./gen/tanken/v1/explore_pb.js";
import { ActivityService, AppendOutcome_Status, PayloadCondition_Operation } from "./gen/tanken/v1/activity_pb.js";
import { LocationPrecision } from "./gen/tanken/v1/types_pb.js";

const baseUrl = process.env.TANKEN_URL;
const photoPath = process.env.TANKEN_TEST_PHOTO;
const appKey = process.env.TANKEN_APP_KEY;
if (!baseUrl || !photoPath || !appKey) {
  throw new Error("TANKEN_URL, TANKEN_TEST_PHOTO and TANKEN_APP_KEY must be set (NodeClientTest sets them)");
}
const photo = new Uint8Array(readFileSync(photoPath));
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const called = new Set();

function clients(options, user, key) {
  const interceptors = [
    (next) => async (req) => {
      called.add(`${req.service.typeName}/${req.method.name}`);
      if (user) {
        req.header.set("X-Tanken-User", user);
      }
      if (key) {
        req.header.set("Authorization", `Bearer ${key}`);
      }
      return next(req);
    },
  ];
  const transport = createConnectTransport({ baseUrl, ...options, interceptors });
  return {
    posts: createClient(PostsService, transport),
    users: createClient(UserService, transport),
    explore: createClient(ExploreService, transport),
    activity: createClient(ActivityService, transport),
  };
}

// A google.protobuf.Value field is a message here (only Struct fields are plain JSON objects).
function number(n) {
  return { kind: { case: "numberValue", value: n } };
}

async function rejects(promise, code) {
  try {
    await promise;
  } catch (e) {
    const err = ConnectError.from(e);
    assert.equal(Code[err.code], Code[code], `expected ${Code[code]}, got ${Code[err.code]}: ${err.message}`);
    return err;
  }
  assert.fail(`expected ${Code[code]}, the call succeeded`);
}

const variants = [
  { name: "HTTP/1.1 JSON", options: { httpVersion: "1.1", useBinaryFormat: false } },
  { name: "HTTP/1.1 binary", options: { httpVersion: "1.1", useBinaryFormat: true } },
  { name: "HTTP/2 JSON", options: { httpVersion: "2", useBinaryFormat: false } },
  { name: "HTTP/2 binary", options: { httpVersion: "2", useBinaryFormat: true } },
  // Methods without side effects go as GET with the message in the query (the transport decides after
  // the interceptors run, so NodeClientTest checks the server's access log for it); the others POST.
  { name: "HTTP/1.1 binary, GET for reads", options: { httpVersion: "1.1", useBinaryFormat: true, useHttpGet: true } },
];

variants.forEach((variant, i) => {
  describe(variant.name, () => {
    const user = `aiko-${i}-${process.pid}`;
    const other = `ben-${i}-${process.pid}`;
    const me = clients(variant.options, user);
    const them = clients(variant.options, other);
    const anonymous = clients(variant.options, null);
    // A place of its own per variant, so each finds its post first.
    const location = { latitude: 35.6595 + i * 0.1, longitude: 139.7005 };

    test("posts: upload (retried), find, like, bookmark, comment, tag, place, caption, precision, delete", async () => {
      const { postId } = await me.posts.getNewPostId({});
      assert.match(postId, UUID_V7);

      const upload = {
        postId,
        picture: photo,
        location,
        content: "ramen at midnight",
        tags: ["Ramen", "night"],
        precision: LocationPrecision.EXACT,
      };
      const first = await me.posts.uploadNewPost(upload);
      assert.equal(first.post.postId, postId);
      assert.equal(first.post.author.username, user);
      assert.deepEqual(first.post.tags, ["night", "ramen"]);
      assert.equal(first.post.content, "ramen at midnight");
      assert.equal(first.post.thumbUrl, `/pictures/${postId}/thumb`);
      // A lost response: the client sends the same upload again and gets the same post.
      const retried = await me.posts.uploadNewPost(upload);
      assert.equal(retried.post.postId, postId);

      const near = await anonymous.posts.getPostsByLocation({ location, radiusMeters: 500, limit: 10 });
      const found = near.posts.find((p) => p.postId === postId);
      assert.ok(found, "the new post is found near its location");
      assert.ok(found.distanceMeters < 1);
      assert.equal(near.posts.filter((p) => p.postId === postId).length, 1, "one post, not two");

      const byIds = await anonymous.posts.getPostsByPostIds({ postIds: [postId] });
      assert.deepEqual(byIds.posts.map((p) => p.postId), [postId]);
      const byUser = await anonymous.posts.getPostsByUser({ username: user });
      assert.deepEqual(byUser.posts.map((p) => p.postId), [postId]);

      assert.equal((await them.posts.addLike({ postId })).changed, true);
      assert.equal((await them.posts.addLike({ postId })).changed, false);
      assert.equal((await me.posts.getPostsByPostIds({ postIds: [postId] })).posts[0].likes, 1n);
      assert.equal((await them.posts.removeLike({ postId })).changed, true);
      assert.equal((await them.posts.removeLike({ postId })).changed, false);

      assert.equal((await them.posts.addBookmark({ postId })).changed, true);
      const marks = await them.posts.getBookmarks({});
      assert.deepEqual(marks.posts.map((p) => p.postId), [postId]);
      await rejects(me.posts.getBookmarks({ username: other }), Code.PermissionDenied);
      await rejects(anonymous.posts.getBookmarks({}), Code.Unauthenticated);
      assert.equal((await them.posts.removeBookmark({ postId })).changed, true);

      const { comment } = await them.posts.addComment({ postId, text: "looks great" });
      assert.equal(comment.author.username, other);
      const comments = await anonymous.posts.getComments({ postId });
      assert.deepEqual(comments.comments.map((c) => c.text), ["looks great"]);
      await rejects(anonymous.posts.removeComment({ commentId: comment.commentId }), Code.Unauthenticated);
      const removed = await me.posts.removeComment({ commentId: comment.commentId });
      assert.equal(removed.comment.commentId, comment.commentId);

      await rejects(them.posts.setTags({ postId, tags: ["mine"] }), Code.PermissionDenied);
      const tagged = await me.posts.setTags({ postId, tags: ["Shibuya"] });
      assert.deepEqual(tagged.post.tags, ["shibuya"]);

      await rejects(them.posts.setPlaceName({ postId, placeName: "theirs" }), Code.PermissionDenied);
      await rejects(me.posts.setPlaceName({ postId, placeName: "x".repeat(101) }), Code.InvalidArgument);
      const named = await me.posts.setPlaceName({ postId, placeName: "Hachiko exit" });
      assert.equal(named.post.placeName, "Hachiko exit");

      await rejects(them.posts.setCaption({ postId, content: "theirs" }), Code.PermissionDenied);
      const captioned = await me.posts.setCaption({ postId, content: "ラーメン 🍜 at midnight" });
      assert.equal(captioned.post.content, "ラーメン 🍜 at midnight");
      assert.equal((await anonymous.posts.getPostsByPostIds({ postIds: [postId] })).posts[0].content,
        "ラーメン 🍜 at midnight");

      await rejects(them.posts.setPrecision({ postId, precision: LocationPrecision.HIDDEN }), Code.PermissionDenied);
      await rejects(anonymous.posts.setPrecision({ postId, precision: LocationPrecision.HIDDEN }), Code.Unauthenticated);
      await rejects(me.posts.setPrecision({ postId }), Code.InvalidArgument);
      const hidden = await me.posts.setPrecision({ postId, precision: LocationPrecision.HIDDEN });
      assert.equal(hidden.post.precision, LocationPrecision.HIDDEN);
      const unseen = await anonymous.posts.getPostsByLocation({ location, radiusMeters: 500, limit: 10 });
      assert.ok(!unseen.posts.some((p) => p.postId === postId), "a hidden post is not found by others");
      const exact = await me.posts.setPrecision({ postId, precision: LocationPrecision.EXACT });
      assert.equal(exact.post.precision, LocationPrecision.EXACT);
      const seen = await anonymous.posts.getPostsByLocation({ location, radiusMeters: 500, limit: 10 });
      assert.ok(seen.posts.some((p) => p.postId === postId), "exact again, it is found");

      await rejects(them.posts.deletePost({ postId }), Code.PermissionDenied);
      const deleted = await me.posts.deletePost({ postId });
      assert.equal(deleted.post.postId, postId);
      assert.deepEqual((await anonymous.posts.getPostsByPostIds({ postIds: [postId] })).posts, []);
      await rejects(me.posts.deletePost({ postId }), Code.NotFound);
    });

    test("users, explore, activity", async () => {
      const meInfo = await me.users.getMe({});
      assert.equal(meInfo.user.username, user);
      const info = await anonymous.users.getUserInfo({ username: user });
      assert.equal(info.user.userId, meInfo.user.userId);
      assert.equal(info.user.email, "");
      await rejects(anonymous.users.getMe({}), Code.Unauthenticated);
      await rejects(anonymous.users.getUserInfo({ username: `nobody-${i}` }), Code.NotFound);

      const place = await anonymous.explore.placeAt({ location: { latitude: 35.6595, longitude: 139.7005 } });
      assert.ok(place.place.name.length > 0, "a place in Tokyo has a name");
      const explored = await anonymous.explore.explore({ location, radiusMeters: 5000, limit: 5 });
      assert.ok(explored.hotspots.length <= 5);

      const log = await me.activity.search({ limit: 100 });
      const actions = log.entries.map((e) => e.action);
      assert.ok(actions.includes("post.create"), `own activity includes post.create: ${actions}`);
      assert.ok(log.entries.every((e) => e.actor === user), "callers see their own entries only");
      await rejects(anonymous.activity.search({}), Code.Unauthenticated);
    });

    test("activity: an application appends with its key, once however often it sends", async () => {
      const app = clients(variant.options, null, appKey);
      const wrongKey = clients(variant.options, null, `${appKey}x`);
      const id = `order-${i}-${process.pid}`;
      const entries = [
        {
          id,
          occurredAt: { seconds: 1740819600n, nanos: 0 },
          actor: user,
          action: "order.placed",
          subjectType: "order",
          subjectId: id,
          payload: { total: 12, items: [{ sku: "a-1" }] },
        },
        { id: `${id}-bad`, actor: user, action: "order.placed", subjectType: "order", subjectId: id },
      ];
      const first = await app.activity.append({ entries });
      assert.deepEqual(first.outcomes.map((o) => o.status), [AppendOutcome_Status.STORED, AppendOutcome_Status.REJECTED]);
      assert.equal(first.outcomes[0].id, id);
      assert.match(first.outcomes[1].reason, /occurredAt is missing/);
      assert.match(first.outcomes[1].deadLetterId, /^[0-9a-f]{32}$/);
      // A retry after a lost response stores nothing twice.
      const again = await app.activity.append({ entries: entries.slice(0, 1) });
      assert.equal(again.outcomes[0].status, AppendOutcome_Status.DUPLICATE);
      assert.equal(again.duplicate, 1);

      await rejects(wrongKey.activity.append({ entries }), Code.Unauthenticated);
      await rejects(me.activity.append({ entries }), Code.Unauthenticated);
      await rejects(app.activity.append({ entries: [] }), Code.InvalidArgument);
      // The entry is in the log: the app finds it with its key, by payload conditions too; a user
      // sees only their own Tanken entries, not the app's entries naming them.
      const log = await app.activity.search({
        action: "order.placed",
        subjectId: id,
        where: [
          { operation: PayloadCondition_Operation.GT, path: ["total"], value: number(10) },
          { operation: PayloadCondition_Operation.EXISTS, path: ["items"] },
        ],
        limit: 10,
      });
      assert.equal(log.entries.length, 1, "stored once");
      assert.equal(log.entries[0].app, "node-client");
      assert.deepEqual(log.entries[0].payload, { total: 12, items: [{ sku: "a-1" }] });
      const none = await app.activity.search({
        subjectId: id,
        where: [{ operation: PayloadCondition_Operation.LT, path: ["total"], value: number(12) }],
      });
      assert.equal(none.entries.length, 0);
      const mine = await me.activity.search({ action: "order.placed", limit: 10 });
      assert.equal(mine.entries.filter((e) => e.subjectId === id).length, 0);
      await rejects(me.activity.search({ app: "node-client" }), Code.PermissionDenied);
    });

    test("bad input is a clear Connect error", async () => {
      await rejects(me.posts.addLike({ postId: "not-a-uuid" }), Code.InvalidArgument);
      await rejects(me.posts.addLike({ postId: "01900000-0000-7000-8000-000000000000" }), Code.NotFound);
      await rejects(anonymous.posts.addLike({ postId: "01900000-0000-7000-8000-000000000000" }),
        Code.Unauthenticated);
      await rejects(anonymous.posts.getPostsByLocation({ location: { latitude: 95, longitude: 0 }, radiusMeters: 10 }),
        Code.InvalidArgument);
      await rejects(anonymous.posts.getPostsByLocation({ location, radiusMeters: -1 }), Code.InvalidArgument);
      await rejects(me.posts.uploadNewPost({ picture: new Uint8Array([1, 2, 3]), location }), Code.InvalidArgument);
      await rejects(me.posts.uploadNewPost({ postId: "0190f5c2-0000-4000-8000-000000000000", picture: photo, location }),
        Code.InvalidArgument);
    });
  });
});

after(() => {
  // Every method of every service was called at least once through the real client.
  const services = [PostsService, UserService, ExploreService, ActivityService];
  const missing = services.flatMap((s) => s.methods.map((m) => `${s.typeName}/${m.name}`)).filter((n) => !called.has(n));
  assert.deepEqual(missing, [], "RPCs the suite never called");
});

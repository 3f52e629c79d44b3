// One post in a dialog: the large copy, what is known about it, likes, bookmarks and comments.
import { altText, count, element, takenAt } from "./format.js";

const $ = (id) => document.getElementById(id);

export class PostView {
  constructor(api, status, { onChanged, onDeleted }) {
    this.api = api;
    this.status = status;
    this.onChanged = onChanged;
    this.onDeleted = onDeleted;
    this.post = null;
    this.me = null;
    // Whether the caller likes or bookmarks a post, as learnt from the API's answers in this
    // session: a post carries counts, not the caller's own state.
    this.liked = new Map();
    this.bookmarked = new Map();
    this.dialog = $("post");
    $("like").addEventListener("click", () => this.toggle("Like", this.liked));
    $("bookmark").addEventListener("click", () => this.toggle("Bookmark", this.bookmarked));
    $("delete").addEventListener("click", () => this.remove());
    $("place-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.setPlaceName();
    });
    $("caption-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.setCaption();
    });
    $("tags-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.setTags();
    });
    $("precision-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.setPrecision();
    });
    $("comment-form").addEventListener("submit", (e) => {
      e.preventDefault();
      this.comment();
    });
    this.dialog.addEventListener("close", () => {
      this.post = null;
      $("post-image").removeAttribute("src");
    });
  }

  setSignedIn(name) {
    this.me = name;
    if (this.post) {
      this.render();
      // Which comments the caller may remove depends on who they are.
      this.loadComments().catch((error) => this.status.failed("Could not load the comments", error));
    }
  }

  async open(postId) {
    try {
      const { posts } = await this.api.call("PostsService", "GetPostsByPostIds", { postIds: [postId] });
      if (!posts?.length) {
        this.status.show("That post no longer exists.");
        return;
      }
      this.post = posts[0];
      this.render();
      if (!this.dialog.open) {
        this.dialog.showModal();
      }
      await this.loadComments();
    } catch (error) {
      this.status.failed("Could not open the post", error);
    }
  }

  render() {
    const post = this.post;
    const image = $("post-image");
    if (post.largeUrl || post.thumbUrl) {
      image.src = post.largeUrl || post.thumbUrl;
      image.hidden = false;
    } else {
      image.removeAttribute("src");
      image.hidden = true;
    }
    image.alt = altText(post);
    $("post-caption").textContent = post.content || "(no caption)";
    $("post-author").textContent = post.author?.username ?? "";
    $("post-place").textContent = [post.placeName, precisionNote(post)].filter(Boolean).join(" ") || "unknown";
    $("post-taken").textContent = takenAt(post.takenAt);
    $("post-tags").textContent = (post.tags ?? []).map((t) => `#${t}`).join(" ") || "none";
    $("post-likes").textContent = count(post.likes);
    $("post-bookmarks").textContent = count(post.bookmarks);
    $("post-comments").textContent = count(post.comments);
    const signedIn = Boolean(this.me);
    for (const id of ["like", "bookmark"]) {
      $(id).disabled = !signedIn;
      $(id).title = signedIn ? "" : "Sign in to like and bookmark";
    }
    $("like").setAttribute("aria-pressed", String(this.liked.get(post.postId) === true));
    $("bookmark").setAttribute("aria-pressed", String(this.bookmarked.get(post.postId) === true));
    $("comment-form").hidden = !signedIn;
    const mine = signedIn && post.author?.username === this.me;
    $("delete").hidden = !mine;
    $("place-form").hidden = !mine;
    $("tags-form").hidden = !mine;
    $("caption-form").hidden = !mine;
    if (mine && document.activeElement !== $("caption-input")) {
      $("caption-input").value = post.content ?? "";
    }
    $("precision-form").hidden = !mine;
    if (mine && document.activeElement !== $("precision")) {
      $("precision").value = post.precision ?? "LOCATION_PRECISION_EXACT";
    }
    if (mine && document.activeElement !== $("place-name")) {
      $("place-name").value = post.placeName ?? "";
    }
    if (mine && document.activeElement !== $("tags-input")) {
      $("tags-input").value = (post.tags ?? []).join(" ");
    }
  }

  async refresh() {
    const { posts } = await this.api.call("PostsService", "GetPostsByPostIds", { postIds: [this.post.postId] });
    if (posts?.length && this.post && posts[0].postId === this.post.postId) {
      this.post = posts[0];
      this.render();
      this.onChanged(this.post);
    }
  }

  async toggle(what, state) {
    const post = this.post;
    const button = $(what === "Like" ? "like" : "bookmark");
    button.disabled = true;
    try {
      const on = state.get(post.postId) === true;
      const { changed } = await this.api.call("PostsService", `${on ? "Remove" : "Add"}${what}`, { postId: post.postId });
      // Unchanged means it already was as asked: the caller's state is the one asked for either way.
      state.set(post.postId, !on);
      if (!changed && !on) {
        state.set(post.postId, true);
      }
      await this.refresh();
    } catch (error) {
      this.status.failed(`Could not ${what.toLowerCase()} the post`, error);
    } finally {
      button.disabled = !this.me;
    }
  }

  async loadComments() {
    const postId = this.post.postId;
    const { comments } = await this.api.call("PostsService", "GetComments", { postId, limit: 100 });
    if (!this.post || this.post.postId !== postId) {
      return;
    }
    // The API lets a comment's author and the post's author remove it.
    const removable = (c) => Boolean(this.me)
      && (c.author?.username === this.me || this.post.author?.username === this.me);
    $("comments").replaceChildren(...(comments ?? []).map((c) => element("li", { "data-comment-id": c.commentId },
      element("strong", {}, c.author?.username ?? ""), " ",
      element("span", { className: "comment-text" }, c.text),
      removable(c) && element("button", {
        type: "button",
        className: "remove-comment danger",
        "aria-label": `Remove the comment by ${c.author?.username ?? "someone"}`,
        onclick: (e) => this.removeComment(c, e.currentTarget),
      }, "Remove"))));
    if (!comments?.length) {
      $("comments").append(element("li", { className: "summary" }, "No comments yet."));
    }
  }

  async comment() {
    const text = $("comment-text").value.trim();
    if (!text) {
      return;
    }
    try {
      await this.api.call("PostsService", "AddComment", { postId: this.post.postId, text });
      $("comment-text").value = "";
      await this.loadComments();
      await this.refresh();
    } catch (error) {
      this.status.failed("Could not add the comment", error);
    }
  }

  async removeComment(comment, button) {
    if (!window.confirm("Remove this comment?")) {
      return;
    }
    button.disabled = true;
    try {
      await this.api.call("PostsService", "RemoveComment", { commentId: comment.commentId });
      if (this.post && this.post.postId === comment.postId) {
        await this.loadComments();
        await this.refresh();
        $("comment-text").focus();
      }
    } catch (error) {
      button.disabled = false;
      this.status.failed("Could not remove the comment", error);
    }
  }

  /** The author replaces the post's tags: words separated by spaces or commas, '#' optional. */
  async setTags() {
    const post = this.post;
    const button = $("tags-form").querySelector("button");
    const tags = $("tags-input").value.split(/[\s,、，]+/u).filter(Boolean);
    button.disabled = true;
    try {
      const answer = await this.api.call("PostsService", "SetTags", { postId: post.postId, tags });
      if (this.post && this.post.postId === post.postId && answer.post) {
        this.post = answer.post;
        $("tags-input").blur();
        this.render();
        this.onChanged(this.post);
      }
    } catch (error) {
      this.status.failed("Could not set the tags", error);
    } finally {
      button.disabled = false;
    }
  }

  /** The author replaces the caption (empty: none). */
  async setCaption() {
    const post = this.post;
    const button = $("caption-form").querySelector("button");
    button.disabled = true;
    try {
      const answer = await this.api.call("PostsService", "SetCaption",
        { postId: post.postId, content: $("caption-input").value.trim() });
      if (this.post && this.post.postId === post.postId && answer.post) {
        this.post = answer.post;
        $("caption-input").blur();
        this.render();
        this.onChanged(this.post);
      }
    } catch (error) {
      this.status.failed("Could not set the caption", error);
    } finally {
      button.disabled = false;
    }
  }

  /** The author changes how precisely others see where the post was taken. */
  async setPrecision() {
    const post = this.post;
    const button = $("precision-form").querySelector("button");
    button.disabled = true;
    try {
      const answer = await this.api.call("PostsService", "SetPrecision",
        { postId: post.postId, precision: $("precision").value });
      if (this.post && this.post.postId === post.postId && answer.post) {
        this.post = answer.post;
        $("precision").blur();
        this.render();
        this.onChanged(this.post);
      }
    } catch (error) {
      this.status.failed("Could not change the location's precision", error);
    } finally {
      button.disabled = false;
    }
  }

  /** The author names the post's place (empty: the gazetteer's name again). */
  async setPlaceName() {
    const post = this.post;
    const button = $("place-form").querySelector("button");
    button.disabled = true;
    try {
      const answer = await this.api.call("PostsService", "SetPlaceName",
        { postId: post.postId, placeName: $("place-name").value.trim() });
      if (this.post && this.post.postId === post.postId && answer.post) {
        this.post = answer.post;
        $("place-name").blur();
        this.render();
        this.onChanged(this.post);
      }
    } catch (error) {
      this.status.failed("Could not set the place name", error);
    } finally {
      button.disabled = false;
    }
  }

  async remove() {
    const post = this.post;
    if (!window.confirm("Delete this post for good?")) {
      return;
    }
    try {
      await this.api.call("PostsService", "DeletePost", { postId: post.postId });
      this.dialog.close();
      this.onDeleted(post.postId);
    } catch (error) {
      this.status.failed("Could not delete the post", error);
    }
  }
}

function precisionNote(post) {
  if (post.precision === "LOCATION_PRECISION_APPROXIMATE") {
    return "(approximate: within about a kilometre)";
  }
  if (post.precision === "LOCATION_PRECISION_HIDDEN") {
    return "(location hidden from others)";
  }
  return "";
}

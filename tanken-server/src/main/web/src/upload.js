// Uploads: pick or drop several photos; each gets a row with a progress bar and the server's
// outcome. A photo without GPS asks for a point on the map and is sent again with it.
import { ApiError } from "./api.js";
import { element } from "./format.js";

const $ = (id) => document.getElementById(id);
const NO_GPS = /no usable GPS/i;

export class Uploads {
  constructor(api, status, map, { onCreated }) {
    this.api = api;
    this.status = status;
    this.map = map;
    this.onCreated = onCreated;
    this.enabled = false;
    this.queue = Promise.resolve();
    $("upload-input").addEventListener("change", (e) => {
      this.add([...e.target.files]);
      e.target.value = "";
    });
    const page = document.body;
    page.addEventListener("dragover", (e) => {
      if (this.enabled && e.dataTransfer?.types?.includes("Files")) {
        e.preventDefault();
        page.classList.add("dropping");
      }
    });
    page.addEventListener("dragleave", (e) => {
      if (e.target === page || !page.contains(e.relatedTarget)) {
        page.classList.remove("dropping");
      }
    });
    page.addEventListener("drop", (e) => {
      page.classList.remove("dropping");
      if (this.enabled && e.dataTransfer?.files?.length) {
        e.preventDefault();
        this.add([...e.dataTransfer.files]);
      }
    });
  }

  setEnabled(enabled) {
    this.enabled = enabled;
    $("upload-label").hidden = !enabled;
  }

  add(files) {
    $("uploads").hidden = false;
    for (const file of files) {
      const row = new Row(file);
      $("upload-list").append(row.node);
      // One at a time: a photo waiting for a point on the map must not get another's click.
      this.queue = this.queue.then(() => this.send(file, row, null));
    }
  }

  async send(file, row, location) {
    try {
      const picture = await base64(file);
      const { postId } = await this.api.call("PostsService", "GetNewPostId", {});
      const message = { postId, picture };
      if (location) {
        message.location = location;
      }
      row.progress(0);
      const { post } = await this.api.callWithProgress("PostsService", "UploadNewPost", message,
        (fraction) => row.progress(fraction));
      // The same photo from the same user is not stored twice: the answer names the earlier post.
      if (post.postId !== postId) {
        row.done("duplicate", "Duplicate: you posted this photo before.");
      } else {
        row.done("created", "Created");
      }
      this.onCreated(post);
    } catch (error) {
      if (error instanceof ApiError && error.code === "invalid_argument" && NO_GPS.test(error.message)
          && !location) {
        row.done("waiting", "No GPS in this photo: click the map where it was taken.");
        const hint = $("place-hint");
        hint.textContent = `Click the map where “${file.name}” was taken.`;
        hint.hidden = false;
        const point = await this.map.onceClicked();
        hint.hidden = true;
        await this.send(file, row, point);
      } else {
        row.done("rejected", `Rejected: ${error instanceof ApiError ? error.message : error}`);
      }
    }
  }
}

class Row {
  constructor(file) {
    this.bar = element("progress", { max: 1, value: 0, "aria-label": `Uploading ${file.name}` });
    this.outcome = element("span", { className: "outcome", role: "status" }, "Waiting");
    this.node = element("li", { className: "upload" },
      element("span", { className: "file" }, file.name), this.bar, this.outcome);
  }

  progress(fraction) {
    this.bar.value = fraction;
    this.outcome.textContent = fraction < 1 ? "Uploading" : "Processing";
  }

  done(kind, text) {
    this.node.dataset.outcome = kind;
    this.bar.value = kind === "waiting" ? 0 : 1;
    this.outcome.textContent = text;
  }
}

function base64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(new Error(`cannot read ${file.name}`));
    reader.readAsDataURL(file);
  });
}

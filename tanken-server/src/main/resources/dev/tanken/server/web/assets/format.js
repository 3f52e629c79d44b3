// How numbers, distances and times read on the page.

export function distance(meters) {
  if (meters === undefined || meters === null) {
    return "";
  }
  if (meters < 1000) {
    return `${Math.round(meters)} m`;
  }
  return `${(meters / 1000).toFixed(meters < 10000 ? 1 : 0)} km`;
}

export function count(value) {
  // int64 counters travel as strings in protobuf's JSON mapping, and are left out when 0.
  return Number(value ?? 0);
}

export function takenAt(iso) {
  if (!iso) {
    return "unknown";
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  // The photo's own local time where it recorded one: keep the clock time it shows.
  const local = iso.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/);
  return local ? `${local[1]} ${local[2]}` : date.toLocaleString();
}

export function altText(post) {
  const who = post.author?.username ? ` by ${post.author.username}` : "";
  return post.content ? post.content : `Photo${who}${post.placeName ? ` at ${post.placeName}` : ""}`;
}

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === "className") {
      node.className = value;
    } else if (name.startsWith("on")) {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

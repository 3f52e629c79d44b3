#!/usr/bin/env bash
# Unpacks the distribution archive that `mvn package` built (tanken-cli/target/tanken-VERSION.tar.gz)
# into a fresh directory, away from the source checkout, and runs bin/tanken --version and a first
# command there. Exits non-zero when any of it fails.
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

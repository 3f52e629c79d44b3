#!/usr/bin/env bash
# Renders the README's example map (docs/map.png, docs/map.svg) from scripts/MapPicture.java, a
# seeded synthetic dataset around Tokyo, with the library as built in tanken-core/target.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -q -B -o -pl tanken-core,tanken-sqlite compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="tanken-core/target/classes:tanken-sqlite/target/classes:$(cat tanken-sqlite/target/classpath.txt)"
mkdir -p docs
java -Djava.awt.headless=true -cp "$CP" scripts/MapPicture.java docs

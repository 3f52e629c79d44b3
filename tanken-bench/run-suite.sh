#!/usr/bin/env bash
# Runs the benchmark suite with settings for a shared 2-core machine (about 20 minutes) and writes
# JSON results to OUT (default tanken-bench/target/suite-<date>). Needs the 1M-post PostgreSQL
# dataset (schema tanken_bench_1000000, seeded once: see docs/benchmarks.md) and starts a Redis of
# its own on REDIS_PORT (default 6392; never the shared test server: the benches fill and flush it).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-tanken-bench/target/suite-$(date +%Y%m%d-%H%M%S)}
REDIS_PORT=${REDIS_PORT:-6392}
PG=${PG:-postgresql://postgres@127.0.0.1:5432/test?schema=tanken_bench_1000000}
mkdir -p "$OUT"
[ -f tanken-bench/target/tanken-bench.jar ] && [ -f tanken-cli/target/tanken.jar ] || \
  mvn -q -B -DskipTests package -pl tanken-core,tanken-cli,tanken-bench
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes --dir /tmp \
    --pidfile "/tmp/tanken-suite-redis-$REDIS_PORT.pid"
  sleep 1
fi
jmh() {  # one JMH run at a time on this machine: take the shared lock
  local name=$1; shift
  uptime > "$OUT/$name.load"
  flock /tmp/jmh.lock java -Dtanken.bench.redis="redis://127.0.0.1:$REDIS_PORT" \
    -jar tanken-bench/target/tanken-bench.jar "$@" -f 1 -wi 2 -w 3s -i 3 -r 5s -rf json -rff "$OUT/$name.json"
  uptime >> "$OUT/$name.load"
}
jmh nearby NearbyBenchmark -p backend=postgresql,cached,geosearch -p area=dense,sparse -p posts=1000000 \
  -bm sample -tu ms
jmh writes WritePolicyBenchmark
uptime > "$OUT/bench-cache.load"
java -jar tanken-cli/target/tanken.jar bench cache --db "$PG" --cache "redis://127.0.0.1:$REDIS_PORT?prefix=suite" \
  --keys 1000000 --key-seed 42 --zipf 1.0 --read-ratio 0.9 --capacity 1%,5%,10%,20% --admission lru,tinylfu \
  --threads 2 --warmup 100000 --operations 50000 --csv "$OUT/bench-cache.csv" --chart "$OUT/bench-cache.png" \
  --json > "$OUT/bench-cache.json"
uptime >> "$OUT/bench-cache.load"
echo "results in $OUT"

#!/usr/bin/env bash
# Runs the whole benchmark suite of issue 6 end to end, unattended, with settings for a 2-core
# machine (under 30 minutes once the datasets exist), and writes to OUT (default
# tanken-bench/target/suite-<date>):
#   NAME.json         JMH (-rf json), hyperfine (--export-json) and `tanken bench cache --json` results
#   NAME.load         `uptime` before and after each step
#   logs/NAME.log     each step's full output (JMH's console, what the trials printed)
#   steps.tsv         step, seconds, load average before, after
#   environment.txt   versions, CPU, commit, settings
#   report.md         goals met or missed, one table per benchmark, charts (*.png): see SuiteReport
#
#   tanken-bench/run-suite.sh            # the full suite
#   QUICK=1 tanken-bench/run-suite.sh    # smoke test: every step with tiny iterations, a few minutes
#   DRY_RUN=1 tanken-bench/run-suite.sh  # print the steps and their estimated durations only
#   ONLY=pg-nearby-query,near-coherence-cluster tanken-bench/run-suite.sh   # some steps (and the report)
#
# Environment: OUT, REDIS_PORT (default 6392: a Redis server of the suite's own, started and stopped
# here; never the shared 6379, because the suite fills it and flushes it), SQLITE_DB, VERBOSE=1 (show
# the steps' whole output, not only progress), SEED_WAIT_MAX and LOCK_WAIT_MAX (seconds to wait for
# someone else's seeding, and for another JMH run on this machine to end; default 3600 each).
#
# Prerequisites are handled here: the jars are built when missing or older than the sources;
# exiftool and hyperfine are installed with apt-get when missing; the datasets (1M seed-42 posts in PostgreSQL schema
# tanken_bench_1000000 with the earthdistance index, and in the SQLite file) are seeded when missing
# (timed as "seeding", outside the budget) and reused when complete.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=${QUICK:-0}
VERBOSE=${VERBOSE:-0}
OUT=${OUT:-tanken-bench/target/suite-$(date +%Y%m%d-%H%M%S)}
REDIS_PORT=${REDIS_PORT:-6392}
POSTS=1000000
PG_SCHEMA=tanken_bench_$POSTS
PG_URL="postgresql://postgres@127.0.0.1:5432/test?schema=$PG_SCHEMA"
PSQL=(psql -h 127.0.0.1 -U postgres -d test -v ON_ERROR_STOP=1 -Atq)
# BenchDatabases' default: java.io.tmpdir/tanken-bench/bench-N.db
SQLITE_DB=${SQLITE_DB:-/tmp/tanken-bench/bench-$POSTS.db}
BENCH_JAR=tanken-bench/target/tanken-bench.jar
CLI_JAR=tanken-cli/target/tanken.jar
# JMH's own lock (java.io.tmpdir/jmh.lock, an fcntl lock): a second JMH run on the machine fails at once.
JMH_LOCK=/tmp/jmh.lock
SEED_WAIT_MAX=${SEED_WAIT_MAX:-3600}
LOCK_WAIT_MAX=${LOCK_WAIT_MAX:-3600}
BUDGET=1800

# ---- settings: JMH iterations (seconds) and the bench cache workloads
if [ "$QUICK" = 1 ]; then
  MODE=quick
  T_WI=0; T_W=1; T_I=1; T_R=1      # time modes (sample, avgt): percentiles need the longer runs
  P_WI=0; P_W=1; P_I=1; P_R=1      # throughput mode
  HF_WARMUP=0; HF_RUNS=2
  CACHE_SINGLE=(--warmup 20000 --operations 10000)
  CACHE_MULTI=(--warmup 1000 --operations 500)
  SWEEP=(--keys 2000 --capacity 10%,50% --warmup 500 --operations 500)
else
  MODE=full
  # Time modes as in docs/benchmarks.md (21 s per trial). Throughput trials are shorter (12 s): a
  # mean over iterations needs no tail, and fewer queued writes keep the write-back drains short.
  T_WI=2; T_W=3; T_I=3; T_R=5
  P_WI=1; P_W=3; P_I=3; P_R=3
  HF_WARMUP=2; HF_RUNS=10
  # Warm-up >= 3x the capacity (100,000 posts) for steady-state hit ratios, as in docs/benchmarks.md.
  CACHE_SINGLE=(--warmup 300000 --operations 200000)
  CACHE_MULTI=(--warmup 40000 --operations 10000)
  SWEEP=(--keys 20000 --capacity 1%,5%,10%,20%,50% --warmup 5000 --operations 4000)
fi
TIME_OPTS=(-wi "$T_WI" -w "${T_W}s" -i "$T_I" -r "${T_R}s")
THRPT_OPTS=(-wi "$P_WI" -w "${P_W}s" -i "$P_I" -r "${P_R}s")
T_TRIAL=$((T_WI * T_W + T_I * T_R))
P_TRIAL=$((P_WI * P_W + P_I * P_R))

# ---- estimates (seconds), from QUICK runs on the 2-vCPU machine at load 5-7 and the figures in
# docs/benchmarks.md: per trial, a forked JVM and its setup (about 2 s; PostReadsBenchmark also
# generates the 1M ids, about 7 s), plus each step's fixed costs: warming the Tokyo area into Redis
# (65 s at load 2, 114 s at load 6) and the naive GEO index (10 s) once; write-back's drain after the
# like trials (the flusher applies ~4,000 likes/s in batches, so ~180,000 likes queued in 12 s took
# 43 s, Redisson's queue 27 s); bench cache's warm-up and measured reads (~9,000 reads/s, ~1,000 pages/s).
# The drains and the multi-get run are set from the full run in docs/suite/steps.tsv (writes-like
# 124 s, writes-create 73 s, bench-cache-multiget20 55 s at load 1-2), not from the QUICK runs, whose
# slower machine made them twice that.
FORK=3
READS_FORK=8
if [ "$QUICK" = 1 ]; then
  CACHE_SINGLE_EST=30; CACHE_MULTI_EST=15; SWEEP_EST=10; DRAINS=10; WARMING=120
  COHERENCE_READS=20000; COHERENCE_EST=25; PGBENCH_T=3
else
  CACHE_SINGLE_EST=135; CACHE_MULTI_EST=65; SWEEP_EST=45; DRAINS=60; WARMING=100
  # 1M near-cache reads take ~15 s; a writer JVM and the dataset's open ~10 s more.
  COHERENCE_READS=1000000; COHERENCE_EST=40; PGBENCH_T=15
fi
declare -A EST=(
  [nearby-sample]=$((12 * (T_TRIAL + FORK) + WARMING))
  [nearby-thrpt]=$((10 * (P_TRIAL + FORK)))
  [reads-postgresql-sample]=$((4 * (T_TRIAL + READS_FORK)))
  [reads-postgresql-thrpt]=$((4 * (P_TRIAL + READS_FORK)))
  [reads-cached-hot-sample]=$((4 * (T_TRIAL + READS_FORK)))
  [reads-cached-hot-thrpt]=$((4 * (P_TRIAL + READS_FORK)))
  [reads-cached-cold-sample]=$((T_TRIAL + READS_FORK + 2))
  [reads-cached-cold-thrpt]=$((P_TRIAL + READS_FORK + 2))
  [reads-cached-multiget20-cold-sample]=$((T_TRIAL + READS_FORK + 2))
  [reads-cached-multiget20-cold-thrpt]=$((P_TRIAL + READS_FORK + 2))
  [writes-create]=$((3 * (P_TRIAL + FORK) + DRAINS / 4))
  [writes-like]=$((3 * (P_TRIAL + FORK + 5) + DRAINS))
  [exif]=$((3 * (T_TRIAL + FORK)))
  [exif-cold]=$(((HF_WARMUP + HF_RUNS) + 5))
  [bench-cache-single]=$CACHE_SINGLE_EST
  [bench-cache-multiget20]=$CACHE_MULTI_EST
  [bench-cache-sweep]=$SWEEP_EST
  [pg-nearby-query]=$((8 * PGBENCH_T + 10))
  [near-coherence-redis]=$COHERENCE_EST
  [near-coherence-cluster]=$((COHERENCE_EST + 5))
  [report]=10
)
ALL_STEPS=(nearby-sample nearby-thrpt reads-postgresql-sample reads-postgresql-thrpt reads-cached-hot-sample
  reads-cached-hot-thrpt reads-cached-cold-sample reads-cached-cold-thrpt reads-cached-multiget20-cold-sample
  reads-cached-multiget20-cold-thrpt writes-create writes-like exif exif-cold bench-cache-single
  bench-cache-multiget20 bench-cache-sweep pg-nearby-query near-coherence-redis near-coherence-cluster report)
# ONLY (comma-separated step names): run those steps, and the report, which covers what was run.
STEPS=()
if [ -n "${ONLY:-}" ]; then
  for s in ${ONLY//,/ }; do
    [[ " ${ALL_STEPS[*]} " == *" $s "* ]] || { printf 'ERROR: ONLY names an unknown step: %s (steps: %s)\n' "$s" \
      "${ALL_STEPS[*]}" >&2; exit 2; }
  done
  for s in "${ALL_STEPS[@]}"; do
    [[ ",$ONLY,report," == *",$s,"* ]] && STEPS+=("$s")
  done
else
  STEPS=("${ALL_STEPS[@]}")
fi
selected() { [[ " ${STEPS[*]} " == *" $1 "* ]]; }

# ---- helpers
log() { printf '\n==> %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
hms() { awk -v s="$1" 'BEGIN { s = int(s + 0.5); if (s >= 60) printf "%d min %02d s", s / 60, s % 60; else printf "%d s", s }'; }
load() { uptime | sed 's/.*load average: //'; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 && SUDO="sudo -n"   # -n: unattended, fail rather than prompt
fi
APT_UPDATED=0
apt_install() {
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    die "$* missing and cannot be installed (not root, no sudo): run apt-get install $* as root"
  fi
  if [ "$APT_UPDATED" -eq 0 ]; then
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null \
      || die "apt-get update failed (to install $*); install it by hand: apt-get install $*"
    APT_UPDATED=1
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" </dev/null \
    || die "apt-get install $* failed; install it by hand"
}

SUITE_T0=$(now)
CURRENT=setup
REDIS_STARTED=0
on_exit() {
  local rc=$?
  if [ "$REDIS_STARTED" = 1 ] && [ -f "$OUT/redis.pid" ]; then
    kill "$(cat "$OUT/redis.pid")" 2>/dev/null || true
  fi
  if declare -F stop_cluster >/dev/null; then stop_cluster; fi
  if [ "$rc" -ne 0 ]; then
    printf '\nFAILED in step "%s" (exit %s) after %s.\n' "$CURRENT" "$rc" "$(hms "$(seconds_since "$SUITE_T0")")" >&2
    if [ -f "$OUT/logs/$CURRENT.log" ]; then
      printf 'Last lines of %s:\n' "$OUT/logs/$CURRENT.log" >&2
      tail -n 25 "$OUT/logs/$CURRENT.log" >&2
    fi
  fi
}
trap on_exit EXIT
trap 'exit 130' INT TERM   # so that an interrupted run stops its Redis and says where it stopped

# Progress shown on the console while a step runs (everything goes to its log).
PROGRESS='^# (Benchmark:|Parameters:|Run progress)|^[A-Z][A-Za-z]+\.[a-z][A-Za-z0-9]*(:p0\.(50|99))? |^Benchmark  |warmed |naive index|cache stats|writes per round trip|Exception|ERROR|Error:|Time \(mean|^Benchmark [0-9]'
show() {
  if [ "$VERBOSE" = 1 ]; then cat; else sed -nu -E "/$PROGRESS/p"; fi
}

# Whether another process (someone else's JMH run) holds JMH's lock. Python's lockf is the same kind
# of lock as JMH's FileChannel.tryLock (flock(1) is not); without python3 the check says "free".
jmh_lock_free() {
  command -v python3 >/dev/null 2>&1 || return 0
  python3 - "$JMH_LOCK" <<'PY'
import fcntl, sys
try:
    fcntl.lockf(open(sys.argv[1], "a"), fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    sys.exit(1)
PY
}
# One benchmark at a time on this machine: every step waits until no other JMH run holds the lock.
wait_for_quiet() {
  local waited=0
  until jmh_lock_free; do
    [ "$waited" -ge "$LOCK_WAIT_MAX" ] && die "another JMH run still holds $JMH_LOCK after $LOCK_WAIT_MAX s"
    [ $((waited % 60)) -eq 0 ] && echo "another JMH run holds $JMH_LOCK: waiting ($waited s so far)"
    sleep 5
    waited=$((waited + 5))
  done
}

MEASURED_TOTAL=0
# step NAME ESTIMATE COMMAND...: runs the command, its output into logs/NAME.log; records the time and load.
step() {
  local name=$1 estimate=$2; shift 2
  case $name in seeding*) ;; *) selected "$name" || return 0 ;; esac
  CURRENT=$name
  local before t0 elapsed
  case $name in seeding*) ;; *) wait_for_quiet ;; esac
  before=$(load)
  uptime > "$OUT/$name.load"
  printf '\n==> [%s] estimated %s (load %s)\n' "$name" "$(hms "$estimate")" "$before"
  t0=$(now)
  "$@" 2>&1 | tee "$OUT/logs/$name.log" | show
  elapsed=$(seconds_since "$t0")
  uptime >> "$OUT/$name.load"
  printf '%s\t%s\t%s\t%s\n' "$name" "$elapsed" "$before" "$(load)" >> "$OUT/steps.tsv"
  case $name in seeding*) ;; *) MEASURED_TOTAL=$(awk -v a="$MEASURED_TOTAL" -v b="$elapsed" 'BEGIN { print a + b }') ;; esac
  printf '<== [%s] %s (estimated %s); suite so far %s\n' "$name" "$(hms "$elapsed")" "$(hms "$estimate")" \
    "$(hms "$MEASURED_TOTAL")"
}

JAVA_PROPS=(-Dtanken.bench.redis="redis://127.0.0.1:$REDIS_PORT" -Dtanken.bench.sqlite="$SQLITE_DB")
# jmh NAME OPTS_ARRAY_NAME ARGS...: one JMH run (1 fork, JSON results), failing on the first error;
# run again when another JMH run took the lock between wait_for_quiet and this start.
jmh() {
  local name=$1; local -n opts=$2; shift 2
  local attempt
  for attempt in 1 2 3 4 5; do
    if java "${JAVA_PROPS[@]}" -jar "$BENCH_JAR" "$@" "${opts[@]}" -f 1 -foe true -rf json -rff "$OUT/$name.json" \
        2>&1 | tee "$OUT/logs/$name.attempt"; then
      rm -f "$OUT/logs/$name.attempt"
      return 0
    fi
    grep -q 'Unable to acquire the JMH lock' "$OUT/logs/$name.attempt" || return 1
    echo "JMH's lock was taken by another run (attempt $attempt): waiting"
    wait_for_quiet
  done
  return 1
}
# A three-master Redis Cluster of the suite's own on the three ports after REDIS_PORT, for the coherence probe.
CLUSTER_PORTS=($((REDIS_PORT + 1)) $((REDIS_PORT + 2)) $((REDIS_PORT + 3)))
start_cluster() {
  local port dir
  for port in "${CLUSTER_PORTS[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "port $port is in use: the suite's cluster needs REDIS_PORT+1..+3 free"; return 1
    fi
    dir="$OUT/cluster-$port"; rm -rf "$dir"; mkdir -p "$dir"
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --dir "$dir" \
      --cluster-enabled yes --cluster-config-file nodes.conf --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  done
  for port in "${CLUSTER_PORTS[@]}"; do
    for _ in $(seq 1 50); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.2; done
  done
  redis-cli --cluster create "${CLUSTER_PORTS[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes
  for _ in $(seq 1 100); do
    [[ "$(redis-cli -p "${CLUSTER_PORTS[0]}" cluster info)" == *cluster_state:ok* ]] && return 0
    sleep 0.2
  done
  echo "the suite's Redis Cluster did not reach cluster_state:ok"; return 1
}
stop_cluster() {
  local port
  for port in "${CLUSTER_PORTS[@]}"; do
    [ -f "$OUT/cluster-$port/redis.pid" ] && kill "$(cat "$OUT/cluster-$port/redis.pid")" 2>/dev/null || true
  done
}
# The nearby statements alone, as the service sends them (NearbySqlInputs), one pgbench client each:
# the Mercator KNN the service runs and the 3-D cube KNN it falls back to near the poles, each as the
# nearby query alone (*-ids: the KNN and the exact page, 21 rows of post id and distance) and as the
# whole statement (the page's 21 full posts).
pg_nearby_query() {
  local dir="$OUT/pgbench" area stmt log latency tps count what
  mkdir -p "$dir"
  java -cp "$BENCH_JAR" dev.tanken.bench.NearbySqlInputs "$dir" 1000
  "${PSQL[@]}" -c 'CREATE SCHEMA IF NOT EXISTS tanken_bench_inputs'
  for area in dense sparse; do
    PGOPTIONS='-c search_path=tanken_bench_inputs' "${PSQL[@]}" -f "$dir/centres-$area.sql" >/dev/null
    for stmt in mercator-ids mercator cube-ids cube; do
      log="$dir/$stmt-$area.log"
      PGOPTIONS="-c search_path=$PG_SCHEMA,tanken_bench_inputs,public" pgbench -h 127.0.0.1 -U postgres -n -M prepared -r \
        -c 1 -T "$PGBENCH_T" -D area="$area" -f "$dir/$stmt.sql" test > "$log"
      cat "$log"
      # -r: one line per statement, "latency  statement"; the nearby statement is the slowest one.
      latency=$(awk '/^ +[0-9.]+ +[0-9]+ +(WITH|SELECT)/ && !/nearby_centres/ { if ($1 > m) m = $1 } END { print m + 0 }' "$log")
      tps=$(awk -F'= ' '/^tps/ { split($2, a, " "); print a[1]; exit }' "$log")
      count=$(awk -F': ' '/number of transactions actually processed/ { split($2, a, "/"); print a[1] + 0; exit }' "$log")
      case $stmt in
        *-ids) what="the query alone: KNN and exact page, 21 rows of post id and distance" ;;
        *) what="whole statement, 21 full posts" ;;
      esac
      printf '{"kind": "pgbench", "name": "nearby %s, %s (%s)", "query": "%s", "area": "%s", "transactions": %s, "latencyAverageMillis": %s, "tps": %s}\n' \
        "$area" "$stmt" "$what" "$stmt" "$area" "${count:-0}" "$latency" "${tps:-0}" > "$OUT/pgbench-$stmt-$area.json"
    done
  done
}
# coherence TOPOLOGY URL: the near cache's staleness with a writer in another JVM (NearCoherenceProbe).
coherence() {
  local topology=$1 url=$2
  java -Dtanken.bench.redis="$url" -Dtanken.bench.sqlite="$SQLITE_DB" -cp "$BENCH_JAR" \
    dev.tanken.bench.NearCoherenceProbe "$COHERENCE_READS" 100 "$POSTS" 2 10 "$OUT/coherence-$topology.json"
}
coherence_cluster() {
  start_cluster || return 1
  local rc=0
  coherence redis-cluster "redis-cluster://$(IFS=,; echo "${CLUSTER_PORTS[*]/#/127.0.0.1:}")" || rc=$?
  stop_cluster
  return "$rc"
}
flush_redis() {
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
}
bench_cache() {  # bench_cache OUTFILE ARGS...: stdout is the JSON
  local out=$1; shift
  # The caller's TANKEN_* settings must not redirect a run to another database or cache.
  env -u TANKEN_HOME -u TANKEN_DB_URL -u TANKEN_BLOB_URL -u TANKEN_CACHE_URL -u TANKEN_WRITE_POLICY \
    java -jar "$CLI_JAR" bench cache --cache "redis://127.0.0.1:$REDIS_PORT?prefix=suite" "$@" --json > "$out"
}

# ---- start
log "benchmark suite ($MODE mode) -> $OUT"
total=0
printf '%-40s %s\n' "step" "estimate"
for s in "${STEPS[@]}"; do
  printf '%-40s %s\n' "$s" "$(hms "${EST[$s]}")"
  total=$((total + EST[$s]))
done
printf '%-40s %s (budget %s; seeding, when needed, comes on top)\n' "TOTAL" "$(hms "$total")" "$(hms "$BUDGET")"
if [ "$MODE" = full ] && [ "$total" -gt "$BUDGET" ]; then
  die "the estimate exceeds the budget: shorten the settings"
fi
[ "${DRY_RUN:-0}" = 1 ] && exit 0
mkdir -p "$OUT/logs"
: > "$OUT/steps.tsv"

# ---- prerequisites
log "prerequisites"
command -v java >/dev/null 2>&1 || die "java (17+) not found"
java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])' || die "java 17+ needed: $(java -version 2>&1 | head -1)"
for tool in redis-server redis-cli psql pgbench awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (see .ci/run for the services the project needs)"
done
stale() {  # a jar missing, or older than a source or pom it is built from
  [ ! -f "$BENCH_JAR" ] || [ ! -f "$CLI_JAR" ] ||
    [ -n "$(find pom.xml tanken-core tanken-cli tanken-bench -path '*/target' -prune -o -newer "$BENCH_JAR" \
      -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -print -quit)" ] ||
    [ -n "$(find pom.xml tanken-core tanken-cli -path '*/target' -prune -o -newer "$CLI_JAR" \
      -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -print -quit)" ]
}
if stale; then
  log "building the jars"
  command -v mvn >/dev/null 2>&1 || die "mvn not found: needed to build $BENCH_JAR and $CLI_JAR"
  mvn -q -B -ntp -DskipTests package -pl tanken-core,tanken-cli,tanken-bench -am </dev/null \
    || die "the build failed"
fi
command -v exiftool >/dev/null 2>&1 || { log "installing exiftool"; apt_install libimage-exiftool-perl; }
command -v hyperfine >/dev/null 2>&1 || { log "installing hyperfine"; apt_install hyperfine; }
command -v exiftool >/dev/null 2>&1 || die "exiftool still missing after installing libimage-exiftool-perl"
command -v hyperfine >/dev/null 2>&1 || die "hyperfine still missing after installing it"
"${PSQL[@]}" -c 'select 1' >/dev/null 2>&1 \
  || die "PostgreSQL not reachable as postgres@127.0.0.1:5432/test (start it: .ci/run sets it up)"

# ---- datasets
log "datasets"
waited=0
while pgrep -f 'dev\.tanken\.bench\.Seed ' >/dev/null 2>&1; do
  # Someone (the lead, another run) is seeding: seeding the same schema or file concurrently would
  # corrupt both, and the counts below would catch a half-filled one.
  [ "$waited" -ge "$SEED_WAIT_MAX" ] && die "a dev.tanken.bench.Seed process is still running after $SEED_WAIT_MAX s"
  [ $((waited % 60)) -eq 0 ] && echo "waiting for a running dev.tanken.bench.Seed to finish ($waited s so far)"
  sleep 10
  waited=$((waited + 10))
done
pg_count() {
  if [ "$("${PSQL[@]}" -c "select to_regclass('$PG_SCHEMA.posts') is not null")" = t ]; then
    "${PSQL[@]}" -c "select count(*) from $PG_SCHEMA.posts"
  else
    echo 0
  fi
}
seed() { java -cp "$BENCH_JAR" dev.tanken.bench.Seed "$1" "$POSTS" 42; }
have=$(pg_count)
if [ "$have" = "$POSTS" ]; then
  echo "PostgreSQL: $PG_SCHEMA holds $have posts (reused)"
elif [ "$have" = 0 ]; then
  step seeding-postgresql 200 seed "$PG_URL"
  [ "$(pg_count)" = "$POSTS" ] || die "seeding $PG_SCHEMA left $(pg_count) posts, expected $POSTS"
else
  die "$PG_SCHEMA holds $have posts, expected 0 or $POSTS: drop it (DROP SCHEMA $PG_SCHEMA CASCADE) and run again"
fi
earth_ready() {
  [ "$("${PSQL[@]}" -c "select count(*) from pg_extension where extname = 'earthdistance'")" = 1 ] &&
    [ "$("${PSQL[@]}" -c "select count(*) from pg_indexes where schemaname = '$PG_SCHEMA'
        and indexname = 'posts_earth_idx'")" = 1 ]
}
earth_index() {
  "${PSQL[@]}" -c "CREATE EXTENSION IF NOT EXISTS cube; CREATE EXTENSION IF NOT EXISTS earthdistance;
    SET search_path = $PG_SCHEMA, public;
    CREATE INDEX IF NOT EXISTS posts_earth_idx ON posts USING gist (ll_to_earth(latitude, longitude));
    ANALYZE posts;"
}
if earth_ready; then
  echo "PostgreSQL: earthdistance and posts_earth_idx present (reused)"
else
  step seeding-earthdistance 90 earth_index
fi
# Index-only scans (the Mercator nearby scan) need the visibility map that only VACUUM sets; a freshly
# seeded table has none until autovacuum gets to it, so the plans would differ from run to run.
vacuumed() {
  [ -n "$("${PSQL[@]}" -c "select coalesce(last_vacuum, last_autovacuum) from pg_stat_user_tables
      where schemaname = '$PG_SCHEMA' and relname = 'posts'")" ]
}
if vacuumed; then
  echo "PostgreSQL: $PG_SCHEMA.posts vacuumed (reused)"
else
  step seeding-vacuum 60 "${PSQL[@]}" -c "VACUUM ANALYZE $PG_SCHEMA.posts"
fi
sqlite_count() {
  if [ -f "$SQLITE_DB" ]; then
    java -cp "$BENCH_JAR" dev.tanken.bench.CountPosts "sqlite:$SQLITE_DB" 2>/dev/null
  else
    echo 0
  fi
}
have=$(sqlite_count)
if [ "$have" = "$POSTS" ]; then
  echo "SQLite: $SQLITE_DB holds $have posts (reused)"
elif [ "$have" = 0 ]; then
  mkdir -p "$(dirname "$SQLITE_DB")"
  step seeding-sqlite 320 seed "sqlite:$SQLITE_DB"
  [ "$(sqlite_count)" = "$POSTS" ] || die "seeding $SQLITE_DB left $(sqlite_count) posts, expected $POSTS"
else
  die "$SQLITE_DB holds $have posts, expected 0 or $POSTS: delete it and run again"
fi
CURRENT=setup

# ---- Redis of the suite's own
if (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; then
  die "port $REDIS_PORT is in use; the suite starts (and flushes) a Redis of its own: set REDIS_PORT to a free port"
fi
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --dir "$OUT" \
  --pidfile "$OUT/redis.pid" --logfile "$OUT/logs/redis.log"
REDIS_STARTED=1
for _ in $(seq 1 50); do
  redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
  sleep 0.2
done
redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG || die "the suite's Redis on port $REDIS_PORT did not start"

# ---- environment
{
  echo "mode: $MODE"
  echo "date: $(date -Is)"
  echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)')"
  echo "host: $(uname -srm)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')"
  echo "nproc: $(nproc)"
  echo "memory: $(free -h | awk '/^Mem:/ { print $2 }')"
  echo "java: $(java -version 2>&1 | tr '\n' ' ')"
  echo "redis: $(redis-server --version)"
  echo "psql: $(psql --version)"
  echo "postgresql server: $("${PSQL[@]}" -c 'select version()')"
  echo "postgresql extensions: $("${PSQL[@]}" -c "select string_agg(extname || ' ' || extversion, ', ') from pg_extension")"
  echo "exiftool: $(exiftool -ver)"
  echo "hyperfine: $(hyperfine --version)"
  echo "jmh time modes: ${TIME_OPTS[*]} -f 1; throughput: ${THRPT_OPTS[*]} -f 1"
  echo "bench cache: single ${CACHE_SINGLE[*]}; multi-get ${CACHE_MULTI[*]}; sweep ${SWEEP[*]}"
  echo "redis port: $REDIS_PORT; sqlite: $SQLITE_DB; postgresql: $PG_URL"
  echo "load average at start: $(load)"
} > "$OUT/environment.txt"
cat "$OUT/environment.txt"

# ---- the runs
SUITE_T0=$(now)

# Nearby first: the cold reads below flush Redis, which would cost the Tokyo area's warming again.
step nearby-sample "${EST[nearby-sample]}" jmh nearby-sample TIME_OPTS NearbyBenchmark \
  -p backend=postgresql,cached,cached-near,geosearch,earthdistance,sqlite -p area=dense,sparse -p posts=$POSTS -bm sample -tu ms
# earthdistance (~30 ops/s) is in the latency step only: its throughput is never the best other backend's.
step nearby-thrpt "${EST[nearby-thrpt]}" jmh nearby-thrpt THRPT_OPTS NearbyBenchmark \
  -p backend=postgresql,cached,cached-near,geosearch,sqlite -p area=dense,sparse -p posts=$POSTS -bm thrpt -tu s

READS=(PostReadsBenchmark -p posts=$POSTS)
step reads-postgresql-sample "${EST[reads-postgresql-sample]}" jmh reads-postgresql-sample TIME_OPTS "${READS[@]}" \
  -p backend=postgresql -bm sample -tu ms
step reads-postgresql-thrpt "${EST[reads-postgresql-thrpt]}" jmh reads-postgresql-thrpt THRPT_OPTS "${READS[@]}" \
  -p backend=postgresql -bm thrpt -tu s
step reads-cached-hot-sample "${EST[reads-cached-hot-sample]}" jmh reads-cached-hot-sample TIME_OPTS "${READS[@]}" \
  -p backend=cached,cached-near -p pattern=hot,multiget20-hot -bm sample -tu ms
step reads-cached-hot-thrpt "${EST[reads-cached-hot-thrpt]}" jmh reads-cached-hot-thrpt THRPT_OPTS "${READS[@]}" \
  -p backend=cached,cached-near -p pattern=hot,multiget20-hot -bm thrpt -tu s
# A cold trial must start from an empty cache: every trial caches what it read (a multi-get trial a
# third of the posts), so the next one in the same server would read a warm cache. One JVM each.
cold() {
  local name=$1 pattern=$2 mode=$3 opts=$4
  flush_redis
  jmh "$name" "$opts" "${READS[@]}" -p backend=cached -p pattern="$pattern" -bm "$mode" \
    -tu "$([ "$mode" = sample ] && echo ms || echo s)"
}
for pattern in cold multiget20-cold; do
  step "reads-cached-$pattern-sample" "${EST[reads-cached-$pattern-sample]}" \
    cold "reads-cached-$pattern-sample" "$pattern" sample TIME_OPTS
  step "reads-cached-$pattern-thrpt" "${EST[reads-cached-$pattern-thrpt]}" \
    cold "reads-cached-$pattern-thrpt" "$pattern" thrpt THRPT_OPTS
done

# Redisson's write-behind map is the peer for both workloads (same database, same Redis, one run).
step writes-create "${EST[writes-create]}" jmh writes-create THRPT_OPTS WritePolicyBenchmark \
  -p op=create -p policy=write-through,write-back,redisson-write-behind -bm thrpt -tu s
step writes-like "${EST[writes-like]}" jmh writes-like THRPT_OPTS WritePolicyBenchmark \
  -p op=like -p policy=write-through,write-back,redisson-write-behind -bm thrpt -tu s

step exif "${EST[exif]}" jmh exif TIME_OPTS ExifBenchmark -bm avgt -tu us
exif_cold() {
  local photos
  mapfile -t photos < <(java -cp "$BENCH_JAR" dev.tanken.bench.ExifCold --list)
  [ "${#photos[@]}" -gt 0 ] || { echo "ExifCold --list found no photos"; return 1; }
  hyperfine -N --warmup "$HF_WARMUP" --runs "$HF_RUNS" --export-json "$OUT/exif-cold.json" \
    -n "tanken ExifCold (cold JVM, ${#photos[@]} files)" "java -cp $BENCH_JAR dev.tanken.bench.ExifCold" \
    -n "exiftool -n -json (one process, ${#photos[@]} files)" "exiftool -n -json ${photos[*]}"
}
step exif-cold "${EST[exif-cold]}" exif_cold

# The round-trip goal: Zipf(1.0) over the 1M posts, a cache of 10%, reads only (docs/benchmarks.md).
GOAL=(--db "$PG_URL" --keys $POSTS --key-seed 42 --zipf 1.0 --read-ratio 1 --capacity 10% --policies write-around
  --admission lru,tinylfu --threads 2)
step bench-cache-single "${EST[bench-cache-single]}" bench_cache "$OUT/bench-cache-single.json" "${GOAL[@]}" \
  "${CACHE_SINGLE[@]}"
step bench-cache-multiget20 "${EST[bench-cache-multiget20]}" bench_cache "$OUT/bench-cache-multiget20.json" \
  "${GOAL[@]}" --multi-get 20 "${CACHE_MULTI[@]}"
# A capacity sweep on an embedded SQLite home of its own (90% reads, 10% likes under each policy).
sweep() {
  rm -rf "$OUT/sweep-home"
  bench_cache "$OUT/bench-cache-sweep.json" --home "$OUT/sweep-home" --zipf 1.0 --read-ratio 0.9 --threads 2 \
    "${SWEEP[@]}" --csv "$OUT/bench-cache-sweep.csv" --chart "$OUT/bench-cache-sweep.png"
  rm -rf "$OUT/sweep-home"
}
step bench-cache-sweep "${EST[bench-cache-sweep]}" sweep

step pg-nearby-query "${EST[pg-nearby-query]}" pg_nearby_query
step near-coherence-redis "${EST[near-coherence-redis]}" coherence redis "redis://127.0.0.1:$REDIS_PORT"
step near-coherence-cluster "${EST[near-coherence-cluster]}" coherence_cluster

step report "${EST[report]}" java -cp "$BENCH_JAR" dev.tanken.bench.report.SuiteReport "$OUT"
CURRENT=done

log "goals"
sed -n '/^## Goals/,/not measured\./p' "$OUT/report.md" | tail -n +3
log "suite done in $(hms "$MEASURED_TOTAL") (estimated $(hms "$total"), budget $(hms "$BUDGET")); results in $OUT"
if [ "$MODE" = full ] && awk -v t="$MEASURED_TOTAL" -v b="$BUDGET" 'BEGIN { exit !(t > b) }'; then
  echo "WARNING: over the $(hms "$BUDGET") budget (load average now $(load)): see steps.tsv" >&2
fi

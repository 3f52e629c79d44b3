#!/usr/bin/env bash
# pgbench-cpu.sh SCRIPT AREA TRANSACTIONS [SCHEMA] [INPUTS_SCHEMA]
# Runs one of NearbySqlInputs' scripts with one pgbench client (-M prepared) against database test and
# prints pgbench's per-statement latencies and the CPU time (utime + stime, from /proc) that the
# PostgreSQL backend serving it spent per transaction: on a loaded machine, the figure to compare.
# The server must run on this host. SCHEMA defaults to tanken_bench_1000000; INPUTS_SCHEMA (default
# tanken_bench_inputs) holds the table nearby_centres that centres-AREA.sql fills.
set -euo pipefail
f=$1; area=$2; n=$3; schema=${4:-tanken_bench_1000000}; inputs=${5:-tanken_bench_inputs}
app=pgbench-cpu-$$
log=$(mktemp)
PGAPPNAME=$app PGOPTIONS="-c search_path=$schema,$inputs,public" pgbench -h 127.0.0.1 -U postgres -n -M prepared -r \
  -c 1 -t "$n" -D area="$area" -f "$f" test > "$log" 2>&1 &
bench=$!
pid=""
while [ -z "$pid" ] && kill -0 "$bench" 2>/dev/null; do
  # The client's connection, not a short-lived one pgbench may open first: it has run the script.
  pid=$(psql -h 127.0.0.1 -U postgres -d test -Atc "SELECT pid FROM pg_stat_activity WHERE application_name = '$app'
    AND (query LIKE '%nearby_centres%' OR query LIKE 'WITH%')")
done
[ -n "$pid" ] || { cat "$log"; exit 1; }
first=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true)
[ -n "$first" ] || { echo "backend $pid of $app is not readable in /proc (server on another host?)" >&2; wait "$bench"; exit 1; }
last=$first
while kill -0 "$bench" 2>/dev/null; do
  v=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true)
  [ -n "$v" ] && last=$v
  sleep 0.05
done
wait "$bench" || { cat "$log"; exit 1; }
grep -E "latency average|tps|^ +[0-9.]+ +[0-9]+ +(WITH|SELECT)" "$log" | cut -c1-110
rm -f "$log"
awk -v a="$first" -v b="$last" -v n="$n" -v hz="$(getconf CLK_TCK)" -v f="$f" -v ar="$area" \
  'BEGIN { printf "backend CPU %s %s: %.3f ms per transaction (%d ticks over %d)\n", f, ar, (b - a) * 1000 / hz / n, b - a, n }'
echo "load: $(uptime | sed 's/.*load average: //')"

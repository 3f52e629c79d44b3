#!/usr/bin/env bash
# The lead's quiet run: the suite, then ingest A/B, then cold reads A/B. Logs under /tmp/quiet.
set -u
cd /work/main
Q=/tmp/quiet; mkdir -p $Q
B=tanken-bench/target/tanken-bench.jar
BASE=/work/jars/bench-4c34ad6.jar
echo "start $(date -Is) load $(uptime)" > $Q/times
OUT=/tmp/suite-final tanken-bench/run-suite.sh > $Q/suite.log 2>&1; echo "suite rc=$? $(date -Is) $(uptime)" >> $Q/times
# ingest: base bench class compiled against the base jar
rm -rf /tmp/bench-base && mkdir -p /tmp/bench-base && javac -nowarn -cp $BASE -d /tmp/bench-base \
  tanken-bench/src/main/java/dev/tanken/bench/IngestBench.java tanken-bench/src/main/java/dev/tanken/bench/IngestCpuProbe.java \
  tanken-bench/src/main/java/dev/tanken/bench/BenchConnections.java >> $Q/times 2>&1
redis-server --port 6391 --save '' --appendonly no --daemonize yes
U='postgresql://postgres@127.0.0.1:5432/test?schema=tanken_ingest_bench_lead'
for cp in $B /tmp/bench-base:$BASE $B /tmp/bench-base:$BASE; do
  echo "== $cp $(uptime)" >> $Q/ingest.txt
  java -Xmx1g -cp $cp dev.tanken.bench.IngestBench 100000 2 2 "$U" redis://127.0.0.1:6391 2>&1 | grep -v INFO >> $Q/ingest.txt
done
echo "== head, 4 workers $(uptime)" >> $Q/ingest.txt
java -Xmx1g -cp $B dev.tanken.bench.IngestBench 100000 4 2 "$U" redis://127.0.0.1:6391 2>&1 | grep -v INFO >> $Q/ingest.txt
redis-cli -p 6391 shutdown nosave
echo "ingest done $(date -Is) $(uptime)" >> $Q/times
# cold reads A/B on the 1M dataset
redis-server --port 6541 --save '' --appendonly no --daemonize yes
P='-Dtanken.bench.redis=redis://127.0.0.1:6541 -Djmh.ignoreLock=true'
for JAR in $BASE $B $BASE $B; do
  redis-cli -p 6541 flushall >/dev/null; redis-cli -p 6541 config resetstat >/dev/null
  echo "== $JAR $(uptime)" >> $Q/cold.txt
  java $P -jar $JAR PostReadsBenchmark -p posts=1000000 -p backend=postgresql,cached -p pattern=cold -bm sample -tu ms \
    -wi 2 -w 5s -i 3 -r 5s -f 1 2>&1 | grep -E "^PostReadsBenchmark|^Benchmark|hits|misses" >> $Q/cold.txt
  redis-cli -p 6541 info commandstats | grep -E 'evalsha|cmdstat_set:|cmdstat_mget' >> $Q/cold.txt
done
redis-cli -p 6541 shutdown nosave
echo "all done $(date -Is) $(uptime)" >> $Q/times

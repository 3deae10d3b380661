#!/usr/bin/env bash
# Short run of the JMH dispatch benchmark (issue 5, section 1): the engine against the
# app_queue-style scan, both ops, a reduced set of sizes and strategies, one fork, short warmup;
# finishes in about four minutes on 2 cores. Prints the JMH summary, then a Markdown table with
# ops/s of both routers, their ratio and bytes allocated per op (-prof gc).
#
#   benchmarks/run-jmh.sh                      # agents 1,000 and 10,000; 100 queues; leastrecent, ringall
#   AGENTS=100000 QUEUES=10,1000 STRATEGIES=rrmemory benchmarks/run-jmh.sh
#   benchmarks/run-jmh.sh -wi 5 -i 10          # extra arguments go to JMH
#
# Results: benchmarks/target/jmh/results.csv (JMH CSV) and jmh.log. Build is offline by default
# (MVN_ARGS=-o); set MVN_ARGS= on a machine whose Maven repository lacks JMH.
set -euo pipefail
cd "$(dirname "$0")/.."

AGENTS=${AGENTS:-1000,10000}
QUEUES=${QUEUES:-100}
STRATEGIES=${STRATEGIES:-leastrecent,ringall}
MVN_ARGS=${MVN_ARGS--o}
OUT=benchmarks/target/jmh

# shellcheck disable=SC2086
mvn -B -q $MVN_ARGS -pl benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=runtime
CP="benchmarks/target/classes:$(cat benchmarks/target/jmh.classpath)"
mkdir -p "$OUT"

echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$CP" org.openjdk.jmh.Main 'DispatchBenchmark' \
  -p agents="$AGENTS" -p queues="$QUEUES" -p strategy="$STRATEGIES" \
  -f 1 -wi 3 -w 2s -i 3 -r 2s -foe true -prof gc \
  -rf csv -rff "$OUT/results.csv" "$@" | tee "$OUT/jmh.log"

echo
echo "engine ÷ scan > 1: the engine is faster. B/op: bytes allocated per operation (-prof gc)."
java -cp "$CP" io.callqueue.benchmarks.jmh.ResultTable "$OUT/results.csv"

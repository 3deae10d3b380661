#!/usr/bin/env bash
# Wait-time estimate accuracy (issue 5, section 3): runs the simulator on six scenarios and prints a
# markdown table of each estimator's RMSE / MAE, in seconds, over the same callers.
#
#   benchmarks/run-accuracy.sh [extra simulate flags, e.g. --estimate-every 30s]
#   CALLS=50000 SEED=2 benchmarks/run-accuracy.sh
#
# Needs the jar (mvn -B -pl benchmarks -am package -DskipTests) and jq. Estimates are made when a
# caller joins and finds no idle agent, and scored against the wait it then had (answered callers).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/callqueue-benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo "error: $jar not found; build it with: mvn -B -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi
if ! command -v jq >/dev/null; then
  echo "error: this script needs jq to read the simulator's JSON" >&2
  exit 1
fi

calls=${CALLS:-200000}
seed=${SEED:-1}
estimators=asterisk-ema,queue-length,erlang-a,default
common=(--calls "$calls" --warm-up $((calls / 100)) --seed "$seed" --estimators "$estimators" --json)

# label | flags (10 agents, mean handle time 180 s: 200 calls an hour is a load of 1)
scenarios=(
  "M/M/10, ρ = 0.8|--agents 10 --arrivals-per-hour 160 --handle-time exp:180s"
  "M/M/10, ρ = 0.95|--agents 10 --arrivals-per-hour 190 --handle-time exp:180s"
  "M/M/10+M overloaded, ρ = 1.2, patience exp 120 s|--agents 10 --arrivals-per-hour 240 --handle-time exp:180s --patience exp:120s"
  "lognormal handle (CV 1), ρ = 0.9|--agents 10 --arrivals-per-hour 180 --handle-time lognormal:180s:180s"
  "rate doubling mid-day, 95 → 190 /h (ρ 0.48 → 0.95)|--agents 10 --rate-profile 0-4h:95,4h-8h:190 --handle-time exp:180s"
  "two queues sharing agents, weights 2 / 1, ρ = 0.85|--agents 10 --arrivals-per-hour 170 --handle-time exp:180s --queue sales,weight=2,share=0.3,agents=1-6 --queue support,weight=1,share=0.7,agents=7-10+1-6@1"
)

echo "| scenario | mean wait (s) | estimates scored | asterisk-ema | queue-length | erlang-a | default |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for s in "${scenarios[@]}"; do
  label=${s%%|*}
  read -r -a flags <<<"${s#*|}"
  java -jar "$jar" simulate "${flags[@]}" "${common[@]}" "$@" | jq -r --arg name "$label" '
    def f: if . == null then "–" else ((. * 10 | round) / 10 | tostring) end;
    . as $r
    | ["asterisk-ema", "queue-length", "erlang-a", "default"]
    | map($r.estimators[.] | "\(.rmse | f) / \(.mae | f)")
    | "| \($name) | \($r.meanWaitSeconds | f) | \($r.estimators["queue-length"].count) | "
      + join(" | ") + " |"'
done
echo
echo "Cells: RMSE / MAE in seconds (estimate − actual remaining wait). $calls calls a scenario, first 1% left out, seed $seed."

#!/usr/bin/env bash
# Wait-time estimate accuracy (issue 5, section 3; issue 14): runs the simulator on six named
# scenarios and prints two markdown tables of each estimator's RMSE / MAE, in seconds, over the
# same callers: the estimate a caller hears when it joins, and the estimates repeated while it
# waits (every EVERY, 60s by default, like the periodic announcements), each scored against the
# wait still to come. Then it draws SCENARIOS (60) call centres from the random scenario space
# (`space`, seed SPACE_SEED, SPACE_CALLS calls each) and prints the distribution of "default RMSE
# ÷ best other estimator's RMSE", the worst scenarios with their parameters and every scenario.
#
#   benchmarks/run-accuracy.sh [extra simulate flags, e.g. --history-window 2h]
#   CALLS=50000 SEED=2 EVERY=30s benchmarks/run-accuracy.sh
#   SCENARIOS=100 SPACE_SEED=7 SPACE_CALLS=40000 CANDIDATES=default benchmarks/run-accuracy.sh
#   NAMED=0 benchmarks/run-accuracy.sh        # the random space only
#   SCENARIOS=0 benchmarks/run-accuracy.sh    # the six named scenarios only
#   CANDIDATES=default,default-previous ...   # the default before and after issue 14, side by side
#
# Needs the jar (mvn -B -pl benchmarks -am package -DskipTests) and jq. Estimates are made for
# callers who find no idle agent, and scored on the callers who were answered.
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
named=${NAMED:-1}
space_scenarios=${SCENARIOS:-60}
space_seed=${SPACE_SEED:-1}
space_calls=${SPACE_CALLS:-20000}
candidates=${CANDIDATES:-default}
seed=${SEED:-1}
every=${EVERY:-60s}
estimators=asterisk-ema,queue-length,erlang-a,default
common=(--calls "$calls" --warm-up $((calls / 100)) --seed "$seed" --estimators "$estimators"
  --estimate-every "$every" --json)

# label | flags (10 agents, mean handle time 180 s: 200 calls an hour is a load of 1)
scenarios=(
  "M/M/10, ρ = 0.8|--agents 10 --arrivals-per-hour 160 --handle-time exp:180s"
  "M/M/10, ρ = 0.95|--agents 10 --arrivals-per-hour 190 --handle-time exp:180s"
  "M/M/10+M overloaded, ρ = 1.2, patience exp 120 s|--agents 10 --arrivals-per-hour 240 --handle-time exp:180s --patience exp:120s"
  "lognormal handle (CV 1), ρ = 0.9|--agents 10 --arrivals-per-hour 180 --handle-time lognormal:180s:180s"
  "rate doubling mid-day, 95 → 190 /h (ρ 0.48 → 0.95)|--agents 10 --rate-profile 0-4h:95,4h-8h:190 --handle-time exp:180s"
  "two queues sharing agents, weights 2 / 1, ρ = 0.85|--agents 10 --arrivals-per-hour 170 --handle-time exp:180s --queue sales,weight=2,share=0.3,agents=1-6 --queue support,weight=1,share=0.7,agents=7-10+1-6@1"
)

results=()
[[ "$named" == 1 ]] || scenarios=()
for s in "${scenarios[@]}"; do
  read -r -a flags <<<"${s#*|}"
  results+=("$(java -jar "$jar" simulate "${flags[@]}" "${common[@]}" "$@")")
done

# table KEY TITLE: one row per scenario from the results' .KEY (estimators or estimatorsPeriodic)
table() {
  echo "$2"
  echo
  echo "| scenario | mean wait (s) | estimates scored | asterisk-ema | queue-length | erlang-a | default | default ÷ asterisk-ema | default ÷ best other |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for i in "${!scenarios[@]}"; do
    label=${scenarios[$i]%%|*}
    jq -r --arg name "$label" --arg key "$1" '
      def f: if . == null then "–" else ((. * 10 | round) / 10 | tostring) end;
      def p: if . == null then "–" else ((. * 100 | round) | tostring) + "%" end;
      . as $r
      | $r[$key] as $e
      | ["asterisk-ema", "queue-length", "erlang-a", "default"]
      | map($e[.] | "\(.rmse | f) / \(.mae | f)")
      | "| \($name) | \($r.meanWaitSeconds | f) | \($e["queue-length"].count) | "
        + join(" | ") + " | \($e.default.rmse / $e["asterisk-ema"].rmse | p) | "
        + "\($e.default.rmse / ([$e["asterisk-ema"].rmse, $e["queue-length"].rmse,
             $e["erlang-a"].rmse] | min) | p) |"' \
      <<<"${results[$i]}"
  done
  echo
}

if [[ "$named" == 1 ]]; then
  table estimators "At joining (the estimate a caller hears first):"
  table estimatorsPeriodic "Repeated every $every while waiting (the remaining wait):"
  echo "Cells: RMSE / MAE in seconds (estimate − actual remaining wait); last columns: the default's"
  echo "RMSE ÷ asterisk-ema's and ÷ the best of the other three. $calls calls a scenario, first 1%"
  echo "left out, seed $seed."
  echo
fi
if [[ "$space_scenarios" -gt 0 ]]; then
  java -jar "$jar" space --scenarios "$space_scenarios" --seed "$space_seed" \
    --calls "$space_calls" --estimate-every "$every" --candidates "$candidates" 2>/dev/null
fi

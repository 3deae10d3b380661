#!/usr/bin/env bash
# SIP load of the standalone server (issue 5, section 5). Run by hand, as root (dumpcap on lo):
#
#   benchmarks/sip-load.sh            # the full run: about 12 minutes
#   benchmarks/sip-load.sh --quick    # a smoke run with small numbers: about 1 minute
#
# Everything is on 127.0.0.1, every load is bounded in calls and time and stops by itself.
#  1. Builds the server and starts it (its own JVM) on a generated config with free ports.
#  2. Waiting callers: for each step N (STEPS), SIPp places N calls to number 200 at RAMP calls/s;
#     each caller is queued in a queue nobody serves, listens to the music for HOLD seconds, then
#     hangs up. dumpcap records the server's RTP towards the callers; tshark's rtp,streams
#     analysis then gives, per stream, packets, lost packets, max delta and max jitter: the music
#     as each caller received it, measured outside the server.
#  3. Call rate: AGENTS accounts register (digest) with one SIPp answering for all of them (ring
#     1 s, talk 5 s, agent hangs up). For each rate R (RATES), SIPp places R calls/s for
#     RATE_SECONDS seconds to number 300 (queue served by the agents). Failed calls come from
#     SIPp's statistics on both sides; dispatch latency is measured on the wire: from the caller's
#     INVITE reaching the server to the server's INVITE to an agent (first transmissions).
#  Server CPU is read from /proc for each step (100% = one core of this 2-core machine; the load
#  generators run on the same cores).
# Results: a table on stdout and every raw file under benchmarks/target/sip-load-<time>/.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
SCEN=$HERE/sip-load

STEPS=${STEPS:-"100 250 500 1000 2000"}
HOLD=${HOLD:-60}
RAMP=${RAMP:-100}
RATES=${RATES:-"100 200 280 350"}
RATE_SECONDS=${RATE_SECONDS:-20}
AGENTS=${AGENTS:-2500}
# G1 aims at 200 ms pauses by default, longer than a caller's jitter buffer; 20 ms keeps the
# music smooth while JAIN-SIP's transactions (kept 32 s after each call) fill the young generation.
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx4g -XX:MaxGCPauseMillis=20"}
RTP_FIRST=40000
RTP_LAST=59998

if [[ ${1:-} == --quick ]]; then
  STEPS="20 50"; HOLD=8; RAMP=50; RATES="10 20"; RATE_SECONDS=5; AGENTS=200
elif [[ -n ${1:-} ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  echo "Environment overrides: STEPS HOLD RAMP RATES RATE_SECONDS AGENTS JAVA_OPTS KEEP_PCAP=1" >&2
  exit 2
fi

need() {
  command -v "$1" > /dev/null || { echo "sip-load: '$1' is missing; install it with: $2" >&2; exit 2; }
}
need sipp "apt-get install -y sip-tester"
need dumpcap "apt-get install -y tshark"
need tshark "apt-get install -y tshark"
need java "a JDK 17 or later"
need mvn "Maven 3.8 or later"
need curl "apt-get install -y curl"
need ss "apt-get install -y iproute2"

OUT=$ROOT/benchmarks/target/sip-load-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$OUT/data"
cd "$OUT"
PIDS=()
SERVER_PID=

cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2> /dev/null || true; done
  if [[ -n $SERVER_PID ]]; then
    kill -TERM "$SERVER_PID" 2> /dev/null || true
    wait "$SERVER_PID" 2> /dev/null || true
  fi
}
trap cleanup EXIT

free_port() { # a UDP and TCP port nobody listens on (nor was given out), below the RTP range
  local p
  while :; do
    p=$(( (RANDOM % 9000) * 2 + 21000 ))
    grep -qx "$p" "$OUT/ports-used" 2> /dev/null && continue
    grep -qx "$((p + 2))" "$OUT/ports-used" 2> /dev/null && continue
    [[ -z $(ss -Hanu "( sport = :$p or sport = :$((p + 2)) )") ]] || continue
    [[ -z $(ss -Hant "sport = :$p") ]] || continue
    # sipp also binds its media port + 2 (video): never hand that out
    printf '%s\n%s\n' "$p" "$((p + 2))" >> "$OUT/ports-used"
    echo "$p"
    return
  done
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
clk_tck=$(getconf CLK_TCK)
# Server CPU in % of one core between two (ticks, time) readings.
cpu_percent() {
  awk -v a="$1" -v b="$2" -v s="$3" -v e="$4" -v hz="$clk_tck" \
    'BEGIN { printf "%.0f", (b - a) / hz / (e - s) * 100 }'
}

# Callers: SIPp scenario $1 dials number $2 with media port $MEDIA_PORT, files named after $3,
# killed after $4 s; further arguments go to sipp. Sets rc to sipp's exit code.
callers() {
  local scenario=$1 number=$2 name=$3 limit=$4
  shift 4
  rc=0
  timeout "$limit" sipp "127.0.0.1:$SIP_PORT" -sf "$SCEN/$scenario" -s "$number" \
    -i 127.0.0.1 -p "$(free_port)" -mi 127.0.0.1 -mp "$MEDIA_PORT" -ci 127.0.0.1 \
    -cp "$(free_port)" -max_socket 65000 -nostdin "$@" \
    -trace_stat -stf "$OUT/$name-sipp.csv" -fd 1 -trace_err -error_file "$OUT/$name-sipp.err" \
    > "$OUT/$name-sipp.out" 2>&1 || rc=$?
}

echo "== building the server (mvn package)"
(cd "$ROOT" && mvn -B -q -pl examples/server -am -DskipTests package > "$OUT/build.log" 2>&1) \
  || { echo "sip-load: build failed, see $OUT/build.log" >&2; exit 1; }
JAR=$ROOT/examples/server/target/callqueue-server.jar

SIP_PORT=$(free_port)
HTTP_PORT=$(free_port)

{
  cat << EOF
# Generated by benchmarks/sip-load.sh
sip: { bindAddress: 127.0.0.1, port: $SIP_PORT, realm: callqueue, maxCalls: 20000 }
http: { bindAddress: 127.0.0.1, port: $HTTP_PORT }
accounts:
EOF
  for i in $(seq 1 "$AGENTS"); do echo "  load$i: pw-load-$i"; done
  echo "agents:"
  for i in $(seq 1 "$AGENTS"); do echo "  - { id: load$i, sip: load$i, autoActivate: true }"; done
  cat << EOF
queues:
  - name: hold          # waiting callers: nobody serves it, callers hear music until they hang up
    joinPolicy: always
    announcePosition: false
    estimateAnnouncement: "off"
    reportHoldTime: false
    members: []
  - name: sales         # call rate: served by every agent
    strategy: leastrecent
    ringTimeout: 15s
    wrapUpTime: 0s
    announcePosition: false
    estimateAnnouncement: "off"
    reportHoldTime: false
    members:
EOF
  for i in $(seq 1 "$AGENTS"); do echo "      - { agent: load$i }"; done
  cat << EOF
trunks:
  - { name: load, allowFrom: [127.0.0.1], numbers: ["200", "300"] }
scenarios:
  - number: "200"
    steps:
      - { id: queue, queue: hold, otherwise: bye }
      - { id: bye, hangup: true }
  - number: "300"
    steps:
      - { id: queue, queue: sales, otherwise: bye }
      - { id: bye, hangup: true }
storage:
  jdbcUrl: jdbc:h2:file:$OUT/data/callqueue
  queueLog: $OUT/data/queue_log
media:
  rtpPorts: $RTP_FIRST-$RTP_LAST
EOF
} > "$OUT/server.yaml"

echo "== starting the server: SIP 127.0.0.1:$SIP_PORT, HTTP $HTTP_PORT, JVM $JAVA_OPTS"
# shellcheck disable=SC2086
java $JAVA_OPTS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$JAR" \
  "$OUT/server.yaml" > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  grep -q "callqueue server is running" "$OUT/server.log" && break
  kill -0 "$SERVER_PID" 2> /dev/null || { echo "server exited, see $OUT/server.log" >&2; exit 1; }
  sleep 0.5
done
grep -q "callqueue server is running" "$OUT/server.log" \
  || { echo "server did not start in 60 s, see $OUT/server.log" >&2; exit 1; }

# Starts dumpcap on loopback with a capture filter; prints its pid.
capture() {
  dumpcap -q -P -i lo -s "$1" -B 256 -f "$2" -w "$3" > "$3.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 50); do grep -q "File:" "$3.log" 2> /dev/null && break; sleep 0.1; done
  echo "$pid"
}
stop_capture() { kill -INT "$1" 2> /dev/null || true; wait "$1" 2> /dev/null || true; }

# SIPp statistics file → "successful failed" (cumulative columns of the last line).
sipp_counts() {
  awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "SuccessfulCall(C)") s = i;
      if ($i == "FailedCall(C)") f = i } } END { print $s + 0, $f + 0 }' "$1"
}

declare -a WAIT_ROWS RATE_ROWS

for n in $STEPS; do
  echo "== waiting callers: $n (ramp $RAMP/s, each listens ${HOLD} s)"
  MEDIA_PORT=$(free_port)
  pcap=$OUT/wait-$n.pcap
  cap=$(capture 96 "udp and src portrange $RTP_FIRST-$RTP_LAST and dst port $MEDIA_PORT" "$pcap")
  c0=$(cpu_ticks "$SERVER_PID"); t0=$(date +%s.%N)
  (
    sleep $(( n / RAMP + 3 ))
    curl -s "http://127.0.0.1:$HTTP_PORT/api/snapshot" > "$OUT/wait-$n-snapshot.json" || true
  ) &
  PIDS+=($!)
  callers caller_waits.xml 200 "wait-$n" $(( HOLD + n / RAMP + 90 )) \
    -r "$RAMP" -l "$n" -m "$n" -d $(( HOLD * 1000 ))
  t1=$(date +%s.%N); c1=$(cpu_ticks "$SERVER_PID")
  sleep 1
  stop_capture "$cap"
  read -r ok failed < <(sipp_counts "$OUT/wait-$n-sipp.csv")
  waiting=$(awk -F: '/"waitingCount"/ { gsub(/[ ,]/, "", $2); s += $2 } END { print s + 0 }' \
    "$OUT/wait-$n-snapshot.json" 2> /dev/null || echo "?")
  cpu=$(cpu_percent "$c0" "$c1" "$t0" "$t1")
  tshark -r "$pcap" -o rtp.heuristic_rtp:TRUE -q -z rtp,streams > "$OUT/wait-$n-streams.txt" 2>&1
  # Per stream: packets, lost, max delta (ms), max jitter (ms).
  awk '/ 0x[0-9A-Fa-f]+ / { for (i = 1; i <= NF; i++) if ($i ~ /^0x/) break;
      print $(i + 2), $(i + 3), $(i + 7), $(i + 10) }' "$OUT/wait-$n-streams.txt" \
    | sort -n -k3 > "$OUT/wait-$n-per-stream.txt"
  quality=$(awk '
    { n++; pkts += $1; if ($2 > 0) { lossy++; tl += $2 } if ($3 > 40) late++;
      d[n] = $3; if ($4 > mj) mj = $4 }
    END { k = int(n * 0.99); if (k < 1) k = 1;
      printf "%d %d %d %d %d %.1f %.1f %.1f", n, pkts, tl, lossy, late, d[k], d[n], mj }' \
    "$OUT/wait-$n-per-stream.txt")
  read -r streams pkts lost lossy late p99d maxd maxj <<< "$quality"
  WAIT_ROWS+=("| $n | $waiting | $ok / $failed | $streams | $pkts | $lost ($lossy streams) | $late | $p99d | $maxd | $maxj | $cpu% |")
  echo "   sipp rc $rc: $ok ok, $failed failed; $waiting waiting at peak; $streams streams," \
    "$lost lost, max delta $maxd ms, max jitter $maxj ms; server CPU $cpu%"
  [[ -n ${KEEP_PCAP:-} ]] || rm -f "$pcap"
done

echo "== registering $AGENTS agents (answer after 1 s, talk 5 s)"
inf=$OUT/agents.csv
{ echo SEQUENTIAL; for i in $(seq 1 "$AGENTS"); do echo "load$i;pw-load-$i"; done; } > "$inf"
aport=$(free_port); amp=$(free_port); acp=$(free_port)
nrates=$(wc -w <<< "$RATES")
timeout $(( (RATE_SECONDS + 260) * nrates + 300 )) sipp -sf "$SCEN/agent_answer.xml" \
  -i 127.0.0.1 -p "$aport" -mi 127.0.0.1 -mp "$amp" -ci 127.0.0.1 -cp "$acp" -nostdin \
  -max_socket 65000 -trace_stat -stf "$OUT/agents-sipp.csv" -fd 1 \
  -trace_err -error_file "$OUT/agents-sipp.err" > "$OUT/agents-sipp.out" 2>&1 &
AGENT_SIPP=$!
PIDS+=("$AGENT_SIPP")
rc=0
timeout 300 sipp "127.0.0.1:$SIP_PORT" -sf "$SCEN/agent_register.xml" -inf "$inf" \
  -key agent_port "$aport" -i 127.0.0.1 -p "$(free_port)" -mi 127.0.0.1 -mp "$(free_port)" \
  -ci 127.0.0.1 -cp "$(free_port)" -r 250 -l 250 -m "$AGENTS" -nostdin \
  -trace_err -error_file "$OUT/register-sipp.err" > "$OUT/register-sipp.out" 2>&1 || rc=$?
[[ $rc == 0 ]] || { echo "agent registration failed (sipp rc $rc), see $OUT/register-sipp.*" >&2; exit 1; }
sleep 2

for r in $RATES; do
  calls=$(( r * RATE_SECONDS ))
  echo "== call rate: $r calls/s for $RATE_SECONDS s ($calls calls)"
  MEDIA_PORT=$(free_port)
  pcap=$OUT/rate-$r.pcap
  cap=$(capture 1500 "udp port $SIP_PORT" "$pcap")
  read -r a_ok0 a_failed0 < <(sipp_counts "$OUT/agents-sipp.csv" 2> /dev/null || echo "0 0")
  c0=$(cpu_ticks "$SERVER_PID"); t0=$(date +%s.%N)
  callers caller_talks.xml 300 "rate-$r" $(( RATE_SECONDS + 240 )) \
    -r "$r" -l $(( r * 60 )) -m "$calls"
  t1=$(date +%s.%N); c1=$(cpu_ticks "$SERVER_PID")
  sleep 2
  stop_capture "$cap"
  read -r ok failed < <(sipp_counts "$OUT/rate-$r-sipp.csv")
  read -r a_ok1 a_failed1 < <(sipp_counts "$OUT/agents-sipp.csv" 2> /dev/null || echo "0 0")
  cpu=$(cpu_percent "$c0" "$c1" "$t0" "$t1")
  # First transmission of each INVITE: callers' (to the server) and agents' (from the server),
  # matched by the caller's number, which the server puts in the agent leg's From.
  tshark -r "$pcap" -Y 'sip.Method == "INVITE"' -T fields -e frame.time_epoch -e udp.dstport \
    -e sip.from.user > "$OUT/rate-$r-invites.tsv" 2> /dev/null
  awk -F'\t' -v sp="$SIP_PORT" '
    $2 == sp { if (!($3 in in_t)) in_t[$3] = $1; next }
    { if (!($3 in out_t)) out_t[$3] = $1 }
    END { for (k in out_t) if (k in in_t) printf "%.3f\n", (out_t[k] - in_t[k]) * 1000 }' \
    "$OUT/rate-$r-invites.tsv" | sort -n > "$OUT/rate-$r-dispatch-ms.txt"
  achieved=$(awk -F'\t' -v sp="$SIP_PORT" '$2 == sp && !seen[$3]++ { m++;
      if (!first || $1 < first) first = $1; if ($1 > last) last = $1 }
    END { printf "%.0f", (m > 1 ? (m - 1) / (last - first) : 0) }' "$OUT/rate-$r-invites.tsv")
  latency=$(awk '{ d[++n] = $1 }
    END { if (!n) { print "0 - - - -"; exit }
      printf "%d %.1f %.1f %.1f %.1f", n, d[int(n * 0.5) ? int(n * 0.5) : 1],
        d[int(n * 0.95) ? int(n * 0.95) : 1], d[int(n * 0.99) ? int(n * 0.99) : 1], d[n] }' \
    "$OUT/rate-$r-dispatch-ms.txt")
  read -r matched p50 p95 p99 pmax <<< "$latency"
  RATE_ROWS+=("| $r | $calls | $achieved | $ok | $failed | $(( a_failed1 - a_failed0 )) | $matched | $p50 | $p95 | $p99 | $pmax | $cpu% |")
  echo "   sipp rc $rc: callers $ok ok, $failed failed; agents $(( a_ok1 - a_ok0 )) ok," \
    "$(( a_failed1 - a_failed0 )) failed; dispatch p50 $p50 ms, p99 $p99 ms; server CPU $cpu%"
  [[ -n ${KEEP_PCAP:-} ]] || rm -f "$pcap"
done

kill "$AGENT_SIPP" 2> /dev/null || true
curl -s "http://127.0.0.1:$HTTP_PORT/api/stats" > "$OUT/stats.json" || true

cat << EOF | tee "$OUT/summary.md"

### SIP load, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1)
Raw files: $OUT

Waiting callers (queue nobody serves; each listens ${HOLD} s; ramp ${RAMP} calls/s). RTP per stream
measured by tshark on loopback; "late" = streams with a gap over 40 ms between two packets.

| callers | waiting at peak | SIPp ok / failed | RTP streams | packets | lost | late streams | p99 max delta (ms) | max delta (ms) | max jitter (ms) | server CPU |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${WAIT_ROWS[@]}")

Call rate (agents answer after 1 s, talk 5 s, hang up; $AGENTS agents, strategy leastrecent).
Dispatch = caller's INVITE in → server's INVITE to the agent out, on the wire.

| calls/s asked | calls | calls/s achieved | callers ok | callers failed | agent legs failed | matched | dispatch p50 (ms) | p95 | p99 | max | server CPU |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${RATE_ROWS[@]}")
EOF

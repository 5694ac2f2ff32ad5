#!/usr/bin/env bash
# Ingest first (issue 19, part 3): uploads at a fixed rate with a model active, the hub started
# by bench/ingest-load with -Xmx512m; prints the ingest and detection figures, the detector's state
# after the run, the hub's peak RSS and the machine load before and after. The SSE probe reads
# /api/v1/live on its own thread and reconnects when the hub closes it (a reader 256 events
# behind); it prints 201 -> live detection p50/p90/p99, live events received of expected and the
# reconnects. 503s are split by reason (ingest-busy: the in-flight bound; hub-busy: body budget).
# On a shared machine give the hub ports of your own: ... --hub-env QUARKUS_HTTP_PORT=9301
#   --hub-env QUARKUS_MANAGEMENT_PORT=9302, and a database of your own with JDBC=...
# Usage: bench/ingest-load/ingest-first.sh [quarkus-run.jar] [extra ingest-load options...]
#   env: DEVICES (600 = 200 segments/s), DURATION (60), WARMUP (20), JDBC (buddybork_it_ingest),
#        LOAD_JAR (bench/ingest-load/target/ingest-load.jar), HUB_JAVA_OPTIONS (-Xmx512m ...),
#        DETECT (1: activate a model; 0: ingest alone), MALLOC_ARENA_MAX (passed to the hub when set)
# Needs: ./mvnw -B -pl hub-server -am package -DskipTests; ./mvnw -B -Pbench -pl bench/ingest-load -am package -DskipTests
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAVA_HOME_BIN="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin"
JAVA="$JAVA_HOME_BIN/java"
HUB_JAR="${1:-$ROOT/hub-server/target/quarkus-app/quarkus-run.jar}"; shift || true
LOAD_JAR="${LOAD_JAR:-$ROOT/bench/ingest-load/target/ingest-load.jar}"
JDBC="${JDBC:-jdbc:postgresql://localhost:5432/buddybork_it_ingest}"
DEVICES="${DEVICES:-600}"; DURATION="${DURATION:-60}"; WARMUP="${WARMUP:-20}"
HUB_JAVA_OPTIONS="${HUB_JAVA_OPTIONS:--Xms128m -Xmx512m -XX:+UseG1GC --enable-native-access=ALL-UNNAMED}"
psql -h 127.0.0.1 -U postgres -qc "drop database if exists ${JDBC##*/}" postgres >/dev/null
psql -h 127.0.0.1 -U postgres -qc "create database ${JDBC##*/}" postgres >/dev/null
OUT="$(mktemp /tmp/ingest-first.XXXXXX)"
echo "== $(date -u +%FT%TZ) hub $HUB_JAR, $DEVICES devices, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" --enable-native-access=ALL-UNNAMED -jar "$LOAD_JAR" --start-hub "$HUB_JAR" --jdbc-url "$JDBC" \
  --hub-java-options="$HUB_JAVA_OPTIONS" --hub-env 'QUARKUS_HTTP_PROXY_TRUSTED_PROXIES=127.0.0.1,[::1]' \
  --warmup-s "$WARMUP" --duration-s "$DURATION" --devices "$DEVICES" \
  ${MALLOC_ARENA_MAX:+--hub-env "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX"} \
  $([[ "${DETECT:-1}" == 1 ]] && echo --detect) "$@" > "$OUT" 2>&1 &
LOAD_PID=$!
PEAK=0; LAST_NMT=0
while kill -0 "$LOAD_PID" 2>/dev/null; do
  # the hub is the load generator's child
  HUB_PID="$(pgrep -P "$LOAD_PID" java || true)"
  if [[ -n "$HUB_PID" ]]; then
    RSS="$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$HUB_PID/status" 2>/dev/null || echo 0)"
    if (( RSS > PEAK )); then
      PEAK=$RSS
      # with -XX:NativeMemoryTracking=summary in HUB_JAVA_OPTIONS: what the JVM holds at the peak
      if [[ "$HUB_JAVA_OPTIONS" == *NativeMemoryTracking* ]] && (( SECONDS - LAST_NMT >= 10 )); then
        LAST_NMT=$SECONDS
        { echo "RSS ${RSS} MB at $(date -u +%T)"; "$JAVA_HOME_BIN/jcmd" "$HUB_PID" VM.native_memory summary scale=MB; } \
          > "$OUT.nmt" 2>&1 || true
      fi
    fi
  fi
  sleep 1
done
wait "$LOAD_PID" || true
cat "$OUT"
echo "== hub RSS peak ${PEAK} MB; load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
[[ -f "$OUT.nmt" ]] && echo "== native memory at the last RSS peak: $OUT.nmt"
true

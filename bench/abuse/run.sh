#!/usr/bin/env bash
# Abuse harness (how the hub holds up against misbehaving clients): ingest capacity of a BEFORE hub jar and of this tree's hub jar, measured
# in the same run, then the abuse cases (slow bodies, parallel logins, macro flood, boundary
# values) against this tree's hub, with the hub's RSS at idle and under 300 segments/s.
# Usage: bench/abuse/run.sh [before-quarkus-run.jar]
#   env: PORT (9204), MGMT_PORT (9214), JDBC (jdbc:postgresql://localhost:5432/buddybork_it_harden),
#        RATE_DEVICES (1200 = 400 segments/s; 0: skip the capacity runs), DURATION (60),
#        CASES (abuse.py cases, default all: slow_bodies,token_share,logins,fair_logins,model_import,macro,boundaries)
# Needs: ./mvnw -B -pl hub-server -am package -DskipTests; ./mvnw -B -Pbench -pl bench/ingest-load -am package -DskipTests
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
# the hub needs Java 25: the same JDK the Maven wrapper picks
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
AFTER="${AFTER:-$ROOT/hub-server/target/quarkus-app/quarkus-run.jar}"
BEFORE="${1:-}"
LOAD_JAR="${LOAD_JAR:-$ROOT/bench/ingest-load/target/ingest-load.jar}"
PORT="${PORT:-9204}"; MGMT_PORT="${MGMT_PORT:-9214}"
JDBC="${JDBC:-jdbc:postgresql://localhost:5432/buddybork_it_harden}"
RATE_DEVICES="${RATE_DEVICES:-1200}"; DURATION="${DURATION:-60}"
PASSWORD="abuse-admin-$RANDOM$RANDOM"
WORK="$(mktemp -d /tmp/buddybork-abuse.XXXXXX)"
HUB_PID=""
stop_hub() { if [[ -n "$HUB_PID" ]]; then kill "$HUB_PID" 2>/dev/null || true; wait "$HUB_PID" 2>/dev/null || true; HUB_PID=""; fi; }
trap stop_hub EXIT

start_hub() { # jar label
  local data="$WORK/$2-data"
  # a fresh database per hub: the schemas of the two jars may differ
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists ${JDBC##*/}" postgres >/dev/null
  BUDDYBORK_ADMIN_PASSWORD="$PASSWORD" BUDDYBORK_DATA_DIR="$data" QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_PORT="$MGMT_PORT" QUARKUS_DATASOURCE_JDBC_URL="$JDBC" \
    "$JAVA" -Xms128m -Xmx512m -XX:+UseG1GC -jar "$1" > "$WORK/$2-hub.log" 2>&1 &
  HUB_PID=$!
  for _ in $(seq 1 180); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready")" == 200 ]] && return 0
    kill -0 "$HUB_PID" 2>/dev/null || { echo "hub $2 exited; see $WORK/$2-hub.log"; exit 1; }
    sleep 1
  done
  echo "hub $2 not ready"; exit 1
}
rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$HUB_PID/status"; }

capacity() { # label
  local metrics="http://127.0.0.1:$MGMT_PORT"
  curl -s -o /dev/null -w '%{http_code}' "$metrics/q/metrics" | grep -q 200 || metrics="http://127.0.0.1:$PORT"
  echo "== ingest capacity, $1 hub: load $(cut -d' ' -f1-3 /proc/loadavg), idle RSS $(rss)"
  "$JAVA" -jar "$LOAD_JAR" --hub "http://127.0.0.1:$PORT" --management "$metrics" --admin-password "$PASSWORD" \
    --devices "$RATE_DEVICES" --warmup-s 15 --duration-s "$DURATION" | grep -E 'RESULT|latency|statuses|hub side' || true
  echo "   RSS after the run $(rss), load $(cut -d' ' -f1-3 /proc/loadavg)"
}

CASES="${CASES:-slow_bodies,token_share,logins,fair_logins,model_import,macro,boundaries}"
if [[ -n "$BEFORE" ]]; then
  start_hub "$BEFORE" before
  if (( RATE_DEVICES > 0 )); then capacity before; fi
  if [[ ",$CASES," == *,token_share,* ]]; then
    echo "== token share against the before hub (load $(cut -d' ' -f1-3 /proc/loadavg))"
    python3 "$ROOT/bench/abuse/abuse.py" --port "$PORT" --management-port "$MGMT_PORT" --admin-password "$PASSWORD" \
      --data-dir "$WORK/before-data" --pid "$HUB_PID" --cases token_share
  fi
  stop_hub
fi
start_hub "$AFTER" after
if (( RATE_DEVICES > 0 )); then capacity after; fi
echo "== abuse cases against the after hub (load $(cut -d' ' -f1-3 /proc/loadavg))"
python3 "$ROOT/bench/abuse/abuse.py" --port "$PORT" --management-port "$MGMT_PORT" --admin-password "$PASSWORD" \
  --data-dir "$WORK/after-data" --pid "$HUB_PID" --cases "$CASES"
stop_hub
echo "logs and data under $WORK"

#!/usr/bin/env bash
# Buddybork demo: builds (if needed), makes sure PostgreSQL runs, starts the hub with a generated
# admin password and ./data as its data directory, registers a demo device, generates a minute of
# synthetic home audio (barks, knocks, a door, beeps, voices, quiet stretches) and runs the edge
# agent on it: first ten minutes of history at once, then live in a loop at real time, so the
# dashboard fills and keeps filling. The first run also creates the tags bark, knock, door, beep
# and voice. A later run continues where the last one stopped: it backfills only the time since
# the last stored segment (at most BACKFILL_MINUTES), never on top of what is stored (the hub
# refuses overlapping segments of one device with 409 "overlap"). Ctrl-C stops both cleanly.
#
#   ./demo.sh                      # hub on http://127.0.0.1:8080 (or the next free port)
#   PORT=9000 HOST=0.0.0.0 ./demo.sh   # the management port then moves to 9001 (MANAGEMENT_PORT=...)
#   BACKFILL_MINUTES=0 ./demo.sh   # live only
#   BUILD=never ./demo.sh          # use the jars as they are (BUILD=always rebuilds)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$(pwd)"
DATA="$ROOT/data"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8080}"
BACKFILL_MINUTES="${BACKFILL_MINUTES:-10}"
BUILD="${BUILD:-auto}"
DB_URL="${BUDDYBORK_DEMO_JDBC_URL:-jdbc:postgresql://localhost:5432/buddybork}"
HUB_JAR="$ROOT/hub-server/target/quarkus-app/quarkus-run.jar"
EDGE_JAR="$ROOT/edge-capture/target/edge-capture.jar"
HUB_PID="" AGENT_PID=""

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { echo "demo: $*" >&2; exit 1; }

# The hub needs Java 25; reuse the wrapper's JDK discovery (it says what to install when there is none).
JAVA_HOME="$("$ROOT/.mvn/with-jdk" sh -c 'printf %s "$JAVA_HOME"')" || exit 1
JAVA="$JAVA_HOME/bin/java"

stop_all() {
  trap - INT TERM EXIT
  echo
  if [[ -n "$AGENT_PID" ]] && kill -0 "$AGENT_PID" 2>/dev/null; then
    say "stopping the edge agent (it finishes and spools the segment in progress)"
    kill -TERM "$AGENT_PID" 2>/dev/null || true
    wait "$AGENT_PID" 2>/dev/null || true
  fi
  if [[ -n "$HUB_PID" ]] && kill -0 "$HUB_PID" 2>/dev/null; then
    say "stopping the hub"
    kill -TERM "$HUB_PID" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$HUB_PID" 2>/dev/null || true
  fi
  say "stopped; data stays in $DATA (run ./demo.sh again to continue)"
}
trap stop_all INT TERM EXIT

# 1. build when a jar is missing or older than its sources
needs_build() {
  [[ -f "$HUB_JAR" && -f "$EDGE_JAR" ]] || return 0
  [[ -n "$(find shared-model/src edge-capture/src hub-server/src recognition/src pom.xml */pom.xml \
      -newer "$HUB_JAR" -type f -print -quit 2>/dev/null)" ]] && return 0
  [[ -n "$(find shared-model/src edge-capture/src -newer "$EDGE_JAR" -type f -print -quit 2>/dev/null)" ]]
}
if [[ "$BUILD" == always ]] || { [[ "$BUILD" != never ]] && needs_build; }; then
  say "building (./mvnw -B -q -DskipTests package; the first build downloads dependencies)"
  ./mvnw -B -q -DskipTests package
fi
[[ -f "$HUB_JAR" && -f "$EDGE_JAR" ]] || die "missing $HUB_JAR or $EDGE_JAR: build with ./mvnw -B -DskipTests package"

# 2. PostgreSQL
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  say "starting PostgreSQL"
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    version="$(ls /etc/postgresql | sort -V | tail -1)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
      || sudo pg_ctlcluster --skip-systemctl-redirect "$version" main start
  else
    sudo systemctl start postgresql
  fi
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
  pg_isready -q -h 127.0.0.1 -p 5432 || die "PostgreSQL is not accepting connections on 127.0.0.1:5432"
fi

# 3. the hub, with an admin password generated once and kept in ./data
mkdir -p "$DATA/demo"
chmod 700 "$DATA"
PASSWORD_FILE="$DATA/demo/admin-password"
if [[ ! -s "$PASSWORD_FILE" ]]; then
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$PASSWORD_FILE")
fi
ADMIN_PASSWORD="$(cat "$PASSWORD_FILE")"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
while ! port_free "$PORT"; do PORT=$((PORT + 1)); done
# The management interface (metrics, detailed health; 127.0.0.1 only) needs a port of its own:
# 9000 unless that is the web port or taken (the hub refuses to start with both on one port).
MANAGEMENT_PORT="${MANAGEMENT_PORT:-9000}"
while [[ "$MANAGEMENT_PORT" == "$PORT" ]] || ! port_free "$MANAGEMENT_PORT"; do MANAGEMENT_PORT=$((MANAGEMENT_PORT + 1)); done
URL="http://$HOST:$PORT"
[[ "$HOST" == "0.0.0.0" ]] && URL="http://$(hostname -I 2>/dev/null | awk '{print $1}'):$PORT"
API="http://127.0.0.1:$PORT"

say "starting the hub on $URL (metrics on http://127.0.0.1:$MANAGEMENT_PORT/q/metrics; log: data/demo/hub.log)"
QUARKUS_HTTP_HOST="$HOST" QUARKUS_HTTP_PORT="$PORT" QUARKUS_MANAGEMENT_PORT="$MANAGEMENT_PORT" \
  QUARKUS_DATASOURCE_JDBC_URL="$DB_URL" \
  BUDDYBORK_DATA_DIR="$DATA" BUDDYBORK_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  "$JAVA" -Xmx512m -jar "$HUB_JAR" >> "$DATA/demo/hub.log" 2>&1 &
HUB_PID=$!
for i in $(seq 1 600); do
  kill -0 "$HUB_PID" 2>/dev/null || { tail -30 "$DATA/demo/hub.log" >&2; die "the hub exited while starting"; }
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$API/q/health/ready")" == 200 ]] && break
  [[ $i -eq 600 ]] && die "the hub did not become ready within 60 s (see data/demo/hub.log)"
  sleep 0.1
done

# 4. a device for the demo agent (kept in ./data for the next run)
TOKEN_FILE="$DATA/demo/device-token"
token_ok() {
  [[ -s "$TOKEN_FILE" ]] && [[ "$(curl -s -o /dev/null -w '%{http_code}' \
    -H "Authorization: Bearer $(cat "$TOKEN_FILE")" "$API/api/v1/capture-state?wait=0")" == 200 ]]
}
if ! token_ok; then
  say "registering the device 'demo-pi'"
  name="demo-pi"
  for attempt in 1 2 3; do
    body="$(curl -s -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' \
      -d "{\"name\":\"$name\"}" -w '\n%{http_code}' "$API/api/v1/devices")"
    code="${body##*$'\n'}"
    if [[ "$code" == 201 ]]; then
      (umask 077; sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p' <<<"${body%$'\n'*}" > "$TOKEN_FILE")
      break
    fi
    [[ "$code" == 401 ]] && die "the hub refused the admin password in $PASSWORD_FILE (the database already has another admin: set BUDDYBORK_DEMO_JDBC_URL to a fresh database, or put that password in the file)"
    name="demo-pi-$(date +%s)-$attempt"
  done
  token_ok || die "could not register a device: ${body%$'\n'*}"
  (umask 077; sed -n 's/.*"id" *: *\([0-9]*\).*/\1/p' <<<"${body%$'\n'*}" > "$DATA/demo/device-id")
fi
TOKEN="$(cat "$TOKEN_FILE")"

# 4b. the tags the README's walkthrough labels with, once (deleting them later is the user's choice)
TAGS_DONE="$DATA/demo/tags-created"
if [[ ! -e "$TAGS_DONE" ]]; then
  say "creating the demo tags: bark, knock, door, beep, voice"
  for tag in bark knock door beep voice; do
    code="$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$ADMIN_PASSWORD" -H 'Content-Type: application/json' \
      -d "{\"name\":\"$tag\"}" "$API/api/v1/tags")"
    [[ "$code" == 201 || "$code" == 409 ]] || die "could not create the tag '$tag' (HTTP $code)"
  done
  touch "$TAGS_DONE"
fi

# 5. demo audio and the agent
DEMO_WAV="$DATA/demo/home-minute.wav"
[[ -s "$DEMO_WAV" ]] || "$JAVA" -jar "$EDGE_JAR" --generate-demo "$DEMO_WAV" --demo-seconds 60 >/dev/null
agent() {  # run with &: exec makes $! the JVM itself, so it gets our SIGTERM
  exec "$JAVA" -Xms16m -Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$EDGE_JAR" --config /dev/null --hub "$API" --token "$TOKEN" \
    --spool "$DATA/demo/edge-spool" --status-port 0 --capture-state-wait 30 "$@"
}

cat <<BANNER

  Buddybork is running.
    Dashboard:  $URL
    User:       admin
    Password:   $ADMIN_PASSWORD     (kept in data/demo/admin-password)
  The edge agent replays data/demo/home-minute.wav as if it were a microphone on a Pi.
  Press Ctrl-C to stop.

BANNER

# 6. history: the last BACKFILL_MINUTES, or only the time since the previous run's last segment
backfill_seconds() {
  local window=$((BACKFILL_MINUTES * 60)) recent last device_id
  recent="$(curl -s -u "admin:$ADMIN_PASSWORD" "$API/api/v1/dashboard/recent-segments?seconds=$window")" || { echo "$window"; return; }
  device_id="$(cat "$DATA/demo/device-id" 2>/dev/null || true)"
  if [[ -n "$device_id" ]]; then
    last="$(grep -o "\"deviceId\":$device_id,\"startMs\":[0-9]*" <<<"$recent" | grep -o '[0-9]*$' | sort -n | tail -1 || true)"
  else
    last="$(grep -o '"startMs":[0-9]*' <<<"$recent" | grep -o '[0-9]*$' | sort -n | tail -1 || true)"
  fi
  # segments the last run captured but could not upload yet are uploaded first: start after them too
  local spooled
  spooled="$(find "$DATA/demo/edge-spool" -maxdepth 1 -name '*.wav' -printf '%f\n' 2>/dev/null \
    | sed -n 's/^\([0-9]\{1,15\}\)\.wav$/\1/p' | sort -n | tail -1 || true)"
  [[ -n "$spooled" && ( -z "$last" || "$spooled" -gt "$last" ) ]] && last="$spooled"
  if [[ -z "$last" ]]; then echo "$window"; return; fi
  # the history ends when the agent starts, a moment after now: it starts after the last segment's end
  local gap=$(( ($(date +%s%3N) - last - 3000) / 1000 ))
  (( gap < 0 )) && gap=0
  (( gap > window )) && gap=$window
  echo "$gap"
}
HISTORY_SECONDS=0
[[ "$BACKFILL_MINUTES" -gt 0 ]] && HISTORY_SECONDS="$(backfill_seconds)"
if [[ "$BACKFILL_MINUTES" -gt 0 && "$HISTORY_SECONDS" -lt $((BACKFILL_MINUTES * 60)) ]]; then
  say "continuing the last run: $HISTORY_SECONDS s since its last segment to backfill"
fi
if [[ "$HISTORY_SECONDS" -ge 3 ]]; then
  HISTORY_WAV="$DATA/demo/history-${HISTORY_SECONDS}s.wav"
  [[ -s "$HISTORY_WAV" ]] || "$JAVA" -jar "$EDGE_JAR" --generate-demo "$HISTORY_WAV" \
    --demo-seconds "$HISTORY_SECONDS" >/dev/null
  say "uploading $HISTORY_SECONDS s of history (replayed at full speed, ending now)"
  agent --source "file:$HISTORY_WAV" --speed 0 &
  AGENT_PID=$!
  wait "$AGENT_PID" || die "the history replay failed"
  AGENT_PID=""
  [[ "$HISTORY_SECONDS" -eq $((BACKFILL_MINUTES * 60)) ]] || rm -f "$HISTORY_WAV" # odd lengths are not reused
fi
say "live: replaying a minute of home audio in a loop at real time"
agent --source "file:$DEMO_WAV" --speed 1 --loop &
AGENT_PID=$!
wait "$AGENT_PID" || true
AGENT_PID=""

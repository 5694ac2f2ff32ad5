#!/usr/bin/env bash
# Edge agent footprint: CPU time per second of audio and resident memory of the packaged agent
# (edge-capture/target/edge-capture.jar, -Xmx48m) replaying generated home audio at 10x real time
# with uploads on, to the real hub over HTTPS (PostgreSQL on 127.0.0.1:5432, database
# buddybork_edge_bench). Prints a Markdown table row set; see docs/benchmarks.md "## Edge agent".
#
#   bench/edge-footprint/run.sh                 # 10 minutes of audio at 10x, default JVM flags
#   MINUTES=20 SPEED=10 JVM_FLAGS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1" bench/edge-footprint/run.sh
#   SOURCE=mic MINUTES=60 bench/edge-footprint/run.sh   # the real capture path, in real time
#
# SOURCE=mic captures through javax.sound and ALSA from a private PulseAudio server (a null sink
# standing in for the USB microphone, fed by paplay with the generated audio in a loop), as
# MicrophoneCaptureIT does; needs pulseaudio, pulseaudio-utils and libasound2-plugins. A live line
# delivers audio in real time only, so SPEED does not apply; the agent is stopped after MINUTES.
#
# Needs the jars built (./mvnw -B -DskipTests package), PostgreSQL running, a JDK 25 for the hub.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MINUTES="${MINUTES:-10}"
SOURCE="${SOURCE:-file}"
SPEED="${SPEED:-10}"
[[ "$SOURCE" == mic ]] && SPEED=1
JVM_FLAGS="${JVM_FLAGS:-}"
WARMUP_S="${WARMUP_S:-10}"
HUB_JAR="$ROOT/hub-server/target/quarkus-app/quarkus-run.jar"
EDGE_JAR="$ROOT/edge-capture/target/edge-capture.jar"
DB_URL="jdbc:postgresql://localhost:5432/buddybork_edge_bench"
WORK="$(mktemp -d /tmp/edge-footprint.XXXXXX)"
HUB_PID="" AGENT_PID="" PULSE_PID="" PLAYER_PID=""
cleanup() {
  [[ -n "$AGENT_PID" ]] && kill -KILL "$AGENT_PID" 2>/dev/null || true
  [[ -n "$PLAYER_PID" ]] && kill -TERM "$PLAYER_PID" 2>/dev/null || true
  [[ -n "$PULSE_PID" ]] && kill -TERM "$PULSE_PID" 2>/dev/null || true
  if [[ -n "$HUB_PID" ]]; then kill -TERM "$HUB_PID" 2>/dev/null || true; wait "$HUB_PID" 2>/dev/null || true; fi
  # the throw-away database goes too (it was created by the hub for this run only)
  psql -h 127.0.0.1 -U postgres -qAt -c "drop database if exists buddybork_edge_bench with (force)" postgres \
    >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
[[ -f "$HUB_JAR" && -f "$EDGE_JAR" ]] || { echo "build first: ./mvnw -B -DskipTests package" >&2; exit 1; }
JAVA_HOME="$("$ROOT/.mvn/with-jdk" sh -c 'printf %s "$JAVA_HOME"')" || exit 1
JAVA="$JAVA_HOME/bin/java"
EDGE_JAVA="${EDGE_JAVA:-$JAVA}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT="$(free_port)"; TLS_PORT="$(free_port)"; STATUS_PORT="$(free_port)"

# TLS certificate for localhost, as a home hub would have
keytool -genkeypair -alias hub -keyalg EC -groupname secp256r1 -dname CN=bench-hub \
  -ext SAN=dns:localhost,ip:127.0.0.1 -validity 2 -keystore "$WORK/hub.p12" -storetype PKCS12 \
  -storepass changeit -keypass changeit >/dev/null 2>&1
keytool -exportcert -rfc -alias hub -keystore "$WORK/hub.p12" -storepass changeit -file "$WORK/cert.pem" >/dev/null 2>&1
openssl pkcs12 -in "$WORK/hub.p12" -nocerts -nodes -passin pass:changeit 2>/dev/null \
  | openssl pkey -out "$WORK/key.pem" 2>/dev/null

psql -h 127.0.0.1 -U postgres -qAt -c "drop database if exists buddybork_edge_bench with (force)" postgres >/dev/null
PASSWORD="bench-$(date +%s)"
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_SSL_PORT="$TLS_PORT" \
  QUARKUS_HTTP_SSL_CERTIFICATE_FILES="$WORK/cert.pem" QUARKUS_HTTP_SSL_CERTIFICATE_KEY_FILES="$WORK/key.pem" \
  QUARKUS_DATASOURCE_JDBC_URL="$DB_URL" BUDDYBORK_DATA_DIR="$WORK/data" BUDDYBORK_ADMIN_PASSWORD="$PASSWORD" \
  "$JAVA" -Xmx512m -jar "$HUB_JAR" > "$WORK/hub.log" 2>&1 &
HUB_PID=$!
for _ in $(seq 1 600); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/q/health/ready")" == 200 ]] && break
  sleep 0.1
done
TOKEN="$(curl -s -u "admin:$PASSWORD" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  "http://127.0.0.1:$PORT/api/v1/devices" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')"
[[ -n "$TOKEN" ]] || { echo "could not create a device; hub log:" >&2; tail -20 "$WORK/hub.log" >&2; exit 1; }

if [[ "$SOURCE" == mic ]]; then
  # a private sound server, as PulseAudioStack in the ITs starts it
  mkdir -p "$WORK/pulse/runtime" "$WORK/pulse/state"
  SOCK="$WORK/pulse/native"
  echo "load-module module-native-protocol-unix auth-anonymous=1 socket=$SOCK" > "$WORK/pulse/default.pa"
  printf 'pcm.!default { type pulse server "unix:%s" }\nctl.!default { type pulse server "unix:%s" }\n' \
    "$SOCK" "$SOCK" > "$WORK/pulse/asound.conf"
  pa_env=(env HOME="$WORK/pulse" XDG_RUNTIME_DIR="$WORK/pulse/runtime" PULSE_RUNTIME_PATH="$WORK/pulse/runtime"
    PULSE_STATE_PATH="$WORK/pulse/state" PULSE_SERVER="unix:$SOCK")
  "${pa_env[@]}" pulseaudio --daemonize=no --exit-idle-time=-1 --disallow-exit -n -F "$WORK/pulse/default.pa" \
    > "$WORK/pulse.log" 2>&1 &
  PULSE_PID=$!
  for _ in $(seq 1 100); do "${pa_env[@]}" pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  "${pa_env[@]}" pactl load-module module-null-sink sink_name=buddybork_mic rate=44100 channels=1 format=s16le >/dev/null
  "${pa_env[@]}" pactl set-default-source buddybork_mic.monitor
  "$EDGE_JAVA" -jar "$EDGE_JAR" --generate-demo "$WORK/audio.wav" --demo-seconds 600 >/dev/null
  ( while true; do "${pa_env[@]}" paplay --device=buddybork_mic "$WORK/audio.wav" || sleep 1; done ) &
  PLAYER_PID=$!
  SOURCE_ARGS=(--source mic:default)
  AGENT_ENV=(env PULSE_SERVER="unix:$SOCK" ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$WORK/pulse/asound.conf")
else
  "$EDGE_JAVA" -jar "$EDGE_JAR" --generate-demo "$WORK/audio.wav" --demo-seconds $((MINUTES * 60)) >/dev/null
  SOURCE_ARGS=(--source "file:$WORK/audio.wav" --speed "$SPEED")
  AGENT_ENV=(env)
fi
# shellcheck disable=SC2086
"${AGENT_ENV[@]}" "$EDGE_JAVA" -Xmx48m $JVM_FLAGS -jar "$EDGE_JAR" --config /dev/null --hub "https://localhost:$TLS_PORT" \
  --token "$TOKEN" --trust-cert "$WORK/cert.pem" "${SOURCE_ARGS[@]}" \
  --spool "$WORK/spool" --status-port "$STATUS_PORT" > "$WORK/agent.log" 2>&1 &
AGENT_PID=$!
TICK="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$AGENT_PID/stat" 2>/dev/null || echo 0; }
frames() { { curl -s "http://127.0.0.1:$STATUS_PORT/metrics" 2>/dev/null || true; } | awk '/^buddybork_edge_frames_captured_total/ {print $2}'; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null || echo 0; }
fds() { find "/proc/$AGENT_PID/fd" -mindepth 1 2>/dev/null | wc -l; }
threads() { awk '/^Threads/ {print $2}' "/proc/$AGENT_PID/status" 2>/dev/null || echo 0; }
metric() { { curl -s "http://127.0.0.1:$STATUS_PORT/metrics" 2>/dev/null || true; } | awk -v n="$1" '$1 == n {print $2}'; }

start_ns=$(date +%s%N)
warm_ticks="" warm_frames="" max_rss=0 samples=() last_ticks=0 last_frames=0 last_hwm=0
while kill -0 "$AGENT_PID" 2>/dev/null; do
  sleep 0.5
  t=$(cpu_ticks); f=$(frames); r=$(rss_kb); h=$(hwm_kb)
  [[ -z "$f" || "$t" == 0 ]] && continue
  last_ticks=$t; last_frames=$f; last_hwm=$h
  if (( r > max_rss )); then max_rss=$r; fi
  elapsed=$(( ($(date +%s%N) - start_ns) / 1000000000 ))
  if [[ -n "${NMT:-}" && $elapsed -ge 30 && -z "${nmt_done:-}" ]]; then
    nmt_done=1
    { grep -E 'VmRSS|RssAnon|RssFile' "/proc/$AGENT_PID/status"; "$JAVA_HOME/bin/jcmd" "$AGENT_PID" VM.native_memory summary \
      | grep -E '^-|Total|committed=' | grep -v '^ *(mmap\|^ *(malloc\|^ *(arena' ; } > "${NMT}" 2>&1 || true
  fi
  if (( elapsed >= WARMUP_S )); then
    samples+=("$r")
    if [[ -z "$warm_ticks" ]]; then warm_ticks=$t; warm_frames=$f; warm_fds=$(fds); warm_threads=$(threads); fi
  fi
  if [[ "$SOURCE" == mic && -z "${mic_line:-}" ]] && (( elapsed >= MINUTES * 60 )); then
    end_fds=$(fds); end_threads=$(threads)
    mic_line="overruns $(metric buddybork_edge_overruns_total), frames lost $(metric buddybork_edge_frames_lost_total), capture errors $(metric buddybork_edge_capture_errors_total), segments captured $(metric buddybork_edge_segments_captured_total), fds $warm_fds -> $end_fds, threads $warm_threads -> $end_threads"
    kill -TERM "$AGENT_PID"
  fi
done
wait "$AGENT_PID" && code=0 || code=$?
AGENT_PID=""
if [[ "$SOURCE" == mic && $code -eq 143 ]]; then code=0; fi
[[ $code -eq 0 ]] || { echo "agent exited $code" >&2; tail -20 "$WORK/agent.log" >&2; exit 1; }
if [[ -n "${mic_line:-}" ]]; then echo "microphone path: $mic_line"; fi
# RSS over the run, in tenths: a leak in the line or the buffers would show as a steady climb
printf '%s\n' "${samples[@]:-0}" | awk '{a[NR]=$1} END {s="RSS by tenth of the run (MB):"; for (i=1;i<=10;i++) {k=int(NR*i/10); if (k<1) k=1; s=s" "int(a[k]/1024)}; print s}'

uploaded="$(grep -o '[0-9]* uploaded' "$WORK/agent.log" | tail -1)"
if [[ "$SOURCE" == mic ]]; then uploaded="$uploaded (source: microphone path through PulseAudio)"; fi
audio_s=$(( MINUTES * 60 ))
median_rss=$(printf '%s\n' "${samples[@]:-0}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
python3 - "$last_ticks" "$TICK" "$audio_s" "$warm_ticks" "$warm_frames" "$last_frames" "$max_rss" "$median_rss" \
  "$last_hwm" "$SPEED" "$JVM_FLAGS" "$uploaded" <<'PY'
import sys
ticks, tick, audio_s, warm_t, warm_f, last_f, max_rss, med_rss, hwm, speed, flags, uploaded = sys.argv[1:]
ticks, tick, audio_s = int(ticks), int(tick), float(audio_s)
cpu_total = ticks / tick
print(f"agent: -Xmx48m {flags or '(default GC/JIT)'} at {speed}x, {audio_s/60:.0f} min of audio, {uploaded}")
print(f"  CPU total (incl. JVM start, JIT warm-up): {cpu_total:.2f} s = {100*cpu_total/audio_s:.2f} % of one core per real-time stream")
if warm_t and last_f and float(last_f) > float(warm_f):
    steady_audio = (float(last_f) - float(warm_f)) / 44100
    steady_cpu = (ticks - int(warm_t)) / tick
    print(f"  CPU steady state (after warm-up, {steady_audio:.0f} s of audio): {steady_cpu:.2f} s = "
          f"{1000*steady_cpu/steady_audio:.2f} ms per audio second = {100*steady_cpu/steady_audio:.2f} % of one core")
print(f"  RSS: median {int(med_rss)/1024:.0f} MB, max sampled {int(max_rss)/1024:.0f} MB, kernel peak (VmHWM) {int(hwm)/1024:.0f} MB")
PY

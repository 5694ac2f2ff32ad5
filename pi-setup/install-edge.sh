#!/usr/bin/env bash
# Installs the Buddybork edge agent on a Raspberry Pi (Raspberry Pi OS / Debian 12 or newer) as
# the systemd service buddybork-edge. Idempotent: run it again to upgrade the jar or change the
# hub, token, certificate or microphone; existing settings you do not pass are kept.
#
#   sudo pi-setup/install-edge.sh --hub https://hub.local:8443 --token-file ./token \
#        --trust-cert ./hub-cert.pem --device USB
#
# Options:
#   --hub URL            hub base URL (required on first install)
#   --token TOKEN        device token (from the hub: Devices > Add); or --token-file FILE
#   --trust-cert FILE    the hub's self-signed certificate or its CA (PEM), pinned by the agent
#   --device NAME        substring of the microphone name (see: java -jar edge-capture.jar --list-devices)
#   --jar FILE           the agent jar (default: edge-capture/target/edge-capture.jar next to this script)
#   --no-start           install and enable, but do not (re)start the service
set -euo pipefail

HUB="" TOKEN="" TOKEN_FILE="" TRUST="" DEVICE="" START=1
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$SCRIPT_DIR/../edge-capture/target/edge-capture.jar"
UNIT_SRC="$SCRIPT_DIR/../systemd/buddybork-edge.service"
SERVICE_USER=buddybork
CONF_DIR=/etc/buddybork
CONF="$CONF_DIR/edge.properties"
STATE_DIR=/var/lib/buddybork
OPT_DIR=/opt/buddybork

die() { echo "install-edge: $*" >&2; exit 1; }
step() { echo "==> $*"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --hub) HUB="${2:?--hub needs a URL}"; shift 2 ;;
    --token) TOKEN="${2:?--token needs a value}"; shift 2 ;;
    --token-file) TOKEN_FILE="${2:?--token-file needs a file}"; shift 2 ;;
    --trust-cert) TRUST="${2:?--trust-cert needs a file}"; shift 2 ;;
    --device) DEVICE="${2:?--device needs a name}"; shift 2 ;;
    --jar) JAR="${2:?--jar needs a file}"; shift 2 ;;
    --no-start) START=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

[[ $EUID -eq 0 ]] || die "run as root (sudo $0 ...)"
[[ -f "$JAR" ]] || die "no agent jar at $JAR: build it with ./mvnw -B -pl edge-capture -am package, or pass --jar"
[[ -f "$UNIT_SRC" ]] || die "no unit file at $UNIT_SRC"
[[ -z "$TRUST" || -r "$TRUST" ]] || die "cannot read trust certificate $TRUST"
[[ -z "$TOKEN_FILE" || -r "$TOKEN_FILE" ]] || die "cannot read token file $TOKEN_FILE"
if [[ ! -f "$CONF" && -z "$HUB" ]]; then die "first install needs --hub URL"; fi
if [[ ! -f "$CONF_DIR/token" && -z "$TOKEN$TOKEN_FILE" ]]; then die "first install needs --token or --token-file"; fi

java_major() {
  command -v java >/dev/null 2>&1 || { echo 0; return; }
  java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

step "Java runtime (17 or newer, headless)"
if [[ "$(java_major)" -lt 17 ]]; then
  apt-get update -q
  for pkg in openjdk-17-jre-headless openjdk-21-jre-headless openjdk-25-jre-headless default-jre-headless; do
    if apt-cache show "$pkg" >/dev/null 2>&1; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$pkg" && break
    fi
  done
  [[ "$(java_major)" -ge 17 ]] || die "could not install a Java 17+ runtime"
fi
echo "    $(java -version 2>&1 | head -1)"
if ! command -v arecord >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q alsa-utils || echo "    (alsa-utils not installed: arecord -l unavailable)"
fi

step "service user $SERVICE_USER (groups: audio)"
if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
  useradd --system --user-group --home-dir "$STATE_DIR" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi
usermod -a -G audio "$SERVICE_USER"

step "directories"
install -d -o root -g root -m 0755 "$OPT_DIR"
install -d -o root -g "$SERVICE_USER" -m 0750 "$CONF_DIR"
install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0750 "$STATE_DIR" "$STATE_DIR/spool"

step "agent jar -> $OPT_DIR/edge-capture.jar"
install -o root -g root -m 0644 "$JAR" "$OPT_DIR/edge-capture.jar.new"
mv -f "$OPT_DIR/edge-capture.jar.new" "$OPT_DIR/edge-capture.jar"

step "configuration $CONF"
if [[ -n "$TOKEN$TOKEN_FILE" ]]; then
  umask 027
  if [[ -n "$TOKEN" ]]; then printf '%s\n' "$TOKEN" > "$CONF_DIR/token.new"; else tr -d ' \r\n' < "$TOKEN_FILE" > "$CONF_DIR/token.new"; echo >> "$CONF_DIR/token.new"; fi
  chown root:"$SERVICE_USER" "$CONF_DIR/token.new"; chmod 0640 "$CONF_DIR/token.new"
  mv -f "$CONF_DIR/token.new" "$CONF_DIR/token"
fi
if [[ -n "$TRUST" ]]; then
  install -o root -g "$SERVICE_USER" -m 0644 "$TRUST" "$CONF_DIR/hub-cert.pem"
fi
if [[ ! -f "$CONF" ]]; then
  cat > "$CONF" <<CONF
# Buddybork edge agent settings (java -jar $OPT_DIR/edge-capture.jar --help lists them all).
# Environment variables BUDDYBORK_<KEY> and command-line flags override these.
hub.url=$HUB
hub.token-file=$CONF_DIR/token
source=mic
mic.device=
spool.dir=$STATE_DIR/spool
spool.budget=2GiB
gate.dbfs=-40
status.port=9851
CONF
  chown root:"$SERVICE_USER" "$CONF"; chmod 0640 "$CONF"
fi
set_key() { # set_key KEY VALUE: replace or append, keeping everything else
  local key="$1" value="$2"
  if grep -q "^${key}=" "$CONF"; then
    sed -i "s|^${key}=.*|${key}=${value//|/\\|}|" "$CONF"
  else
    printf '%s=%s\n' "$key" "$value" >> "$CONF"
  fi
}
[[ -n "$HUB" ]] && set_key hub.url "$HUB"
[[ -n "$TOKEN$TOKEN_FILE" ]] && set_key hub.token-file "$CONF_DIR/token"
[[ -n "$TRUST" ]] && set_key hub.trust-cert "$CONF_DIR/hub-cert.pem"
[[ -n "$DEVICE" ]] && set_key mic.device "$DEVICE"

step "systemd unit buddybork-edge.service"
install -o root -g root -m 0644 "$UNIT_SRC" /etc/systemd/system/buddybork-edge.service
systemctl daemon-reload
systemctl enable buddybork-edge.service >/dev/null

step "capture devices (as $SERVICE_USER)"
# The service runs as a system user outside any desktop session: ALSA's "default" device, which
# Raspberry Pi OS routes to PipeWire (or PulseAudio) of the logged-in user, is not there for it.
# Name the USB microphone's card with --device (a substring of a line below) so the agent opens
# the card itself (javax.sound's "plughw:N,0" line, ALSA converting the format if needed).
if command -v arecord >/dev/null 2>&1; then
  runuser -u "$SERVICE_USER" -- arecord -l 2>&1 | sed 's/^/    /' || true
fi
runuser -u "$SERVICE_USER" -- java -jar "$OPT_DIR/edge-capture.jar" --list-devices 2>&1 | sed 's/^/    /' || true
if ! grep -q '^mic.device=..*' "$CONF"; then
  echo "    no mic.device set: the first device above is used; pass --device NAME to choose one" >&2
fi

step "checking configuration, microphone and hub (as $SERVICE_USER)"
# a running agent holds the microphone: stop it for the check (it is restarted below)
[[ $START -eq 1 ]] && systemctl stop buddybork-edge.service 2>/dev/null || true
if runuser -u "$SERVICE_USER" -- java -jar "$OPT_DIR/edge-capture.jar" --config "$CONF" --check; then
  echo "    all checks passed"
else
  echo "    some checks failed: fix them (see above), then: sudo systemctl restart buddybork-edge" >&2
fi

if [[ $START -eq 1 ]]; then
  step "starting"
  systemctl restart buddybork-edge.service
  sleep 2
  systemctl --no-pager --lines=5 status buddybork-edge.service || true
fi
echo "Done. Logs: journalctl -u buddybork-edge -f   Metrics: curl -s http://127.0.0.1:9851/metrics"

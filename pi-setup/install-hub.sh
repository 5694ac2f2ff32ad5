#!/usr/bin/env bash
# Installs the Buddybork hub on a Debian host (Debian 12/13, Ubuntu 24.04 or newer; amd64 or arm64)
# as the systemd service buddybork-hub, with a local PostgreSQL. Idempotent: run it again to
# upgrade the application; the database, its password and the data stay.
#
#   ./mvnw -B -pl hub-server -am package -DskipTests        # build the hub first
#   sudo pi-setup/install-hub.sh --admin-password-file ./first-admin-password
#
# Options:
#   --app DIR                  the built application (default: hub-server/target/quarkus-app next to this script)
#   --admin-password-file FILE password of the first admin 'admin' (first install only; 10+ characters)
#   --listen ADDR              address to listen on (default 0.0.0.0; use 127.0.0.1 behind nginx)
#   --port N                   HTTP port (default 8080)
#   --no-start                 install and enable, but do not (re)start the service
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
APP="$SCRIPT_DIR/../hub-server/target/quarkus-app"
UNIT_SRC="$SCRIPT_DIR/../systemd/buddybork-hub.service"
DOCS_SRC="$SCRIPT_DIR/../docs"
ADMIN_PASSWORD_FILE="" LISTEN="0.0.0.0" PORT=8080 START=1
SERVICE_USER=buddybork
CONF_DIR=/etc/buddybork
ENV_FILE="$CONF_DIR/hub.env"
STATE_DIR=/var/lib/buddybork-hub
OPT_DIR=/opt/buddybork/hub
DB_NAME=buddybork
DB_USER=buddybork

die() { echo "install-hub: $*" >&2; exit 1; }
step() { echo "==> $*"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --app) APP="${2:?--app needs a directory}"; shift 2 ;;
    --admin-password-file) ADMIN_PASSWORD_FILE="${2:?--admin-password-file needs a file}"; shift 2 ;;
    --listen) LISTEN="${2:?--listen needs an address}"; shift 2 ;;
    --port) PORT="${2:?--port needs a number}"; shift 2 ;;
    --no-start) START=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

[[ $EUID -eq 0 ]] || die "run as root (sudo $0 ...)"
[[ -f "$APP/quarkus-run.jar" ]] || die "no hub at $APP: build it with ./mvnw -B -pl hub-server -am package -DskipTests, or pass --app"
[[ -f "$UNIT_SRC" ]] || die "no unit file at $UNIT_SRC"
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number"
if [[ -n "$ADMIN_PASSWORD_FILE" ]]; then
  [[ -r "$ADMIN_PASSWORD_FILE" ]] || die "cannot read $ADMIN_PASSWORD_FILE"
  [[ $(head -n1 "$ADMIN_PASSWORD_FILE" | tr -d '\r\n' | wc -m) -ge 10 ]] || die "the admin password needs 10 or more characters"
fi

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

find_java25() {
  local candidate
  for candidate in /usr/lib/jvm/*/bin/java /opt/java/*/bin/java "$(command -v java 2>/dev/null || true)"; do
    [[ -x "$candidate" ]] || continue
    if [[ "$(java_major "$candidate")" -ge 25 ]]; then
      readlink -f "$candidate"
      return 0
    fi
  done
  return 1
}

step "Java 25 runtime"
JAVA_BIN="$(find_java25 || true)"
if [[ -z "$JAVA_BIN" ]]; then
  apt-get update -q
  if apt-cache show openjdk-25-jre-headless >/dev/null 2>&1; then
    apt-get install -y -q openjdk-25-jre-headless
  elif apt-cache show temurin-25-jre >/dev/null 2>&1; then
    apt-get install -y -q temurin-25-jre
  fi
  JAVA_BIN="$(find_java25 || true)"
fi
if [[ -z "$JAVA_BIN" ]]; then
  cat >&2 <<'HINT'
install-hub: no Java 25 runtime found and none in the configured apt sources.
Add the Eclipse Temurin apt repository (https://adoptium.net/installation/linux/), e.g.:
  apt-get install -y wget apt-transport-https gpg
  wget -qO - https://packages.adoptium.net/artifactory/api/gpg/key/public | gpg --dearmor -o /etc/apt/keyrings/adoptium.gpg
  echo "deb [signed-by=/etc/apt/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb $(. /etc/os-release; echo $VERSION_CODENAME) main" > /etc/apt/sources.list.d/adoptium.list
  apt-get update && apt-get install -y temurin-25-jre
then run this script again.
HINT
  exit 1
fi
echo "    using $JAVA_BIN"

step "PostgreSQL"
if ! command -v psql >/dev/null 2>&1 || ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  apt-get update -q
  apt-get install -y -q postgresql
fi
systemctl enable --now postgresql >/dev/null
for _ in $(seq 1 30); do
  runuser -u postgres -- psql -qtAc 'select 1' >/dev/null 2>&1 && break
  sleep 1
done
runuser -u postgres -- psql -qtAc 'select 1' >/dev/null || die "PostgreSQL does not answer (journalctl -u postgresql)"

step "Service user $SERVICE_USER"
if ! id "$SERVICE_USER" >/dev/null 2>&1; then
  adduser --system --group --home "$STATE_DIR" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi
install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 0750 "$STATE_DIR" "$STATE_DIR/data"

step "Database $DB_NAME (role $DB_USER)"
install -d -o root -g "$SERVICE_USER" -m 0750 "$CONF_DIR"
if [[ -f "$ENV_FILE" ]] && grep -q '^QUARKUS_DATASOURCE_PASSWORD=' "$ENV_FILE"; then
  DB_PASSWORD="$(sed -n 's/^QUARKUS_DATASOURCE_PASSWORD=//p' "$ENV_FILE")"
else
  DB_PASSWORD="$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 32)"
fi
if [[ "$(runuser -u postgres -- psql -qtAc "select 1 from pg_roles where rolname = '$DB_USER'")" != "1" ]]; then
  runuser -u postgres -- psql -q -c "create role $DB_USER login password '$DB_PASSWORD'"
else
  runuser -u postgres -- psql -q -c "alter role $DB_USER login password '$DB_PASSWORD'"
fi
if [[ "$(runuser -u postgres -- psql -qtAc "select 1 from pg_database where datname = '$DB_NAME'")" != "1" ]]; then
  runuser -u postgres -- createdb -O "$DB_USER" "$DB_NAME"
fi

step "Configuration $ENV_FILE"
if [[ ! -f "$ENV_FILE" ]]; then
  umask 027
  cat > "$ENV_FILE" <<CONF
# Buddybork hub settings (read by systemd: buddybork-hub.service). Any Quarkus or buddybork.*
# property can be set here as an environment variable, e.g. BUDDYBORK_INGEST_MIN_FREE_BYTES.
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://localhost:5432/$DB_NAME
QUARKUS_DATASOURCE_USERNAME=$DB_USER
QUARKUS_DATASOURCE_PASSWORD=$DB_PASSWORD
QUARKUS_HTTP_HOST=$LISTEN
QUARKUS_HTTP_PORT=$PORT
CONF
fi
if [[ -n "$ADMIN_PASSWORD_FILE" ]]; then
  # only used while no user exists; removed again after the first successful start
  sed -i '/^BUDDYBORK_ADMIN_PASSWORD=/d' "$ENV_FILE"
  printf 'BUDDYBORK_ADMIN_PASSWORD=%s\n' "$(head -n1 "$ADMIN_PASSWORD_FILE" | tr -d '\r\n')" >> "$ENV_FILE"
fi
chown root:"$SERVICE_USER" "$ENV_FILE"
chmod 0640 "$ENV_FILE"

step "Application $OPT_DIR"
install -d -m 0755 "$OPT_DIR"
rm -rf "$OPT_DIR/app.new"
cp -a "$APP" "$OPT_DIR/app.new"
chown -R root:root "$OPT_DIR/app.new"
rm -rf "$OPT_DIR/app.old"
[[ -d "$OPT_DIR/app" ]] && mv "$OPT_DIR/app" "$OPT_DIR/app.old"
mv "$OPT_DIR/app.new" "$OPT_DIR/app"
ln -sfn "$JAVA_BIN" "$OPT_DIR/java"
if [[ -d "$DOCS_SRC" ]]; then
  install -d -m 0755 /opt/buddybork/docs
  cp -a "$DOCS_SRC/." /opt/buddybork/docs/
fi

step "systemd unit"
install -m 0644 "$UNIT_SRC" /etc/systemd/system/buddybork-hub.service
systemctl daemon-reload
systemctl enable buddybork-hub >/dev/null

if [[ $START -eq 1 ]]; then
  step "Starting buddybork-hub"
  systemctl restart buddybork-hub
  HEALTH="http://127.0.0.1:$PORT/q/health/ready"
  [[ "$LISTEN" == "0.0.0.0" || "$LISTEN" == "127.0.0.1" ]] || HEALTH="http://$LISTEN:$PORT/q/health/ready"
  for _ in $(seq 1 90); do
    if curl -fsS "$HEALTH" >/dev/null 2>&1; then
      echo "    ready: $HEALTH"
      if grep -q '^BUDDYBORK_ADMIN_PASSWORD=' "$ENV_FILE"; then
        sed -i '/^BUDDYBORK_ADMIN_PASSWORD=/d' "$ENV_FILE"
        echo "    first admin 'admin' created; the password was removed from $ENV_FILE"
      fi
      echo "Done. Add devices as admin: curl -u admin -H 'Content-Type: application/json' -d '{\"name\":\"kitchen\"}' http://<host>:$PORT/api/v1/devices"
      exit 0
    fi
    systemctl is-active --quiet buddybork-hub || break
    sleep 1
  done
  journalctl -u buddybork-hub -n 40 --no-pager >&2 || true
  die "the hub did not become ready; see journalctl -u buddybork-hub"
fi
echo "Installed; start it with: systemctl start buddybork-hub"

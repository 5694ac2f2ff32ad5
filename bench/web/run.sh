#!/usr/bin/env bash
# Times the web app's chart APIs against a hub whose database holds the seed.sql year
# (about 10.5 million raw rows for one device). Usage:
#   HUB=http://localhost:8080 USERPASS=admin:secret DEVICE=1 bench/web/run.sh [runs]
# Prints min / median / p95 / max in milliseconds of the full HTTP exchange (curl time_total,
# new connection each time, loopback).
set -euo pipefail
HUB=${HUB:-http://localhost:8080}
USERPASS=${USERPASS:?set USERPASS=user:password}
DEVICE=${DEVICE:-1}
RUNS=${1:-40}

measure() {
  local name=$1 url=$2
  curl -s -o /dev/null -u "$USERPASS" "$HUB$url" # warm-up (also caches the bcrypt check)
  local times
  times=$(for _ in $(seq "$RUNS"); do curl -s -o /dev/null -w '%{time_total}\n' -u "$USERPASS" "$HUB$url"; done | sort -n)
  local bytes
  bytes=$(curl -s -u "$USERPASS" "$HUB$url" | wc -c)
  awk -v name="$name" -v bytes="$bytes" '{ t[NR] = $1 * 1000 } END {
    n = NR; p50 = t[int((n + 1) / 2)]; p95 = t[int(n * 0.95 + 0.5)];
    printf "%-44s min %6.1f  p50 %6.1f  p95 %6.1f  max %6.1f ms  (%d bytes)\n", name, t[1], p50, p95, t[n], bytes }' <<< "$times"
}

measure "daily counts, one year, one device" "/api/v1/stats/daily-counts?from=2025-11-24&to=2026-11-23&deviceId=$DEVICE"
measure "daily counts, one year, all devices" "/api/v1/stats/daily-counts?from=2025-11-24&to=2026-11-23"
measure "annotation counts, one year" "/api/v1/annotations/daily-counts?from=2025-11-24&to=2026-11-23"
measure "day segments as objects (catalog API)" "/api/v1/days/2026-06-15/segments?deviceId=$DEVICE"
measure "day chart: segments of one day (columns)" "/api/v1/annotator/days/2026-06-15?deviceId=$DEVICE"
measure "day chart: annotations of one day" "/api/v1/annotations?from=2026-06-15&to=2026-06-15&deviceId=$DEVICE"
measure "macro-segment window (JSON)" "/api/v1/macro?deviceId=$DEVICE&centerMs=1781524800000"

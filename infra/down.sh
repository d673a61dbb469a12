#!/usr/bin/env bash
# Stops only the infrastructure that infra/up.sh started: Kafka by its pid file, PostgreSQL by its data directory.
set -uo pipefail
STATE=${BERTH_INFRA_STATE:-/var/lib/berth/infra}
if [ -f "$STATE/kafka/pid" ]; then
  P=$(cat "$STATE/kafka/pid")
  if kill "$P" 2>/dev/null; then
    for _ in $(seq 1 300); do kill -0 "$P" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$P" 2>/dev/null
  fi
  rm -f "$STATE/kafka/pid"
  echo "kafka: stopped"
fi
if [ -f "$STATE/pg/started-by-berth" ] && [ -f "$STATE/pg/data/postmaster.pid" ]; then
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$STATE/pg/data" -m fast -w stop >/dev/null && echo "postgres: stopped"
  rm -f "$STATE/pg/started-by-berth"
fi
exit 0

#!/usr/bin/env bash
# Stops the local Berth stack: the services by their pid files, then the infrastructure infra/up.sh started.
# Running containers are left running, as LXD leaves them when its daemon stops; delete them first if you want
# a clean host. With --keep-infra, Kafka and PostgreSQL stay up.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BERTH_STATE_DIR=${BERTH_STATE_DIR:-/var/lib/berth}
export BERTH_INFRA_STATE=${BERTH_INFRA_STATE:-$BERTH_STATE_DIR/infra}
RUN=$BERTH_STATE_DIR/run
for name in api-gateway host-executor network-service container-service image-service; do
  f=$RUN/$name.pid
  [ -f "$f" ] || continue
  p=$(cat "$f")
  if kill "$p" 2>/dev/null; then
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null
    echo "berth: $name stopped" >&2
  fi
  rm -f "$f"
done
[ "${1:-}" = "--keep-infra" ] || bash "$ROOT/infra/down.sh" >&2
exit 0

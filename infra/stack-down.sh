#!/usr/bin/env bash
# Stops the local Berth stack: the services by their pid files, then the infrastructure infra/up.sh started.
# Running containers are left running, as LXD leaves them when its daemon stops; delete them first if you want
# a clean host. With --keep-infra, Kafka and PostgreSQL stay up. With --purge-networks, every managed network is
# deleted through the API first (its bridge, nftables tables and dnsmasq go with it), as the system tests need.
set -uo pipefail
KEEP_INFRA=0 PURGE_NETWORKS=0
for arg in "$@"; do
  case $arg in
    --keep-infra) KEEP_INFRA=1 ;;
    --purge-networks) PURGE_NETWORKS=1 ;;
    *) echo "usage: $0 [--keep-infra] [--purge-networks]" >&2; exit 2 ;;
  esac
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BERTH_STATE_DIR=${BERTH_STATE_DIR:-/var/lib/berth}
export BERTH_INFRA_STATE=${BERTH_INFRA_STATE:-$BERTH_STATE_DIR/infra}
RUN=$BERTH_STATE_DIR/run
SOCKET=${BERTH_SOCKET:-$BERTH_STATE_DIR/unix.socket}
if [ $PURGE_NETWORKS = 1 ] && [ -S "$SOCKET" ]; then
  names=$(curl -s --max-time 10 --unix-socket "$SOCKET" http://berth/1.0/networks \
    | python3 -c 'import json,sys; print(" ".join(u.rsplit("/",1)[1] for u in json.load(sys.stdin).get("metadata") or []))' \
    2>/dev/null)
  for net in $names; do
    curl -s --max-time 30 --unix-socket "$SOCKET" -X DELETE "http://berth/1.0/networks/$net" >/dev/null
  done
  # the executor removes them asynchronously: wait for their bridges to go
  for net in $names; do
    for _ in $(seq 1 150); do ip link show "$net" >/dev/null 2>&1 || break; sleep 0.1; done
    ip link show "$net" >/dev/null 2>&1 && echo "berth: network $net is still on the host" >&2
  done
fi
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
[ $KEEP_INFRA = 1 ] || bash "$ROOT/infra/down.sh" >&2
exit 0

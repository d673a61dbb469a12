#!/usr/bin/env bash
# Stops the local Berth stack: the services by their pid files, then the infrastructure infra/up.sh started.
# Running containers are left running, as LXD leaves them when its daemon stops; delete them first if you want
# a clean host. With --keep-infra, Kafka and PostgreSQL stay up. With --purge-networks, every managed network's
# bridge, nftables tables and dnsmasq leave the host too (as a reboot would; the system tests need a clean host);
# they come back at the next start.
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
if [ $PURGE_NETWORKS = 1 ]; then
  # as a host reboot would: each recorded network's dnsmasq, nftables tables and bridge leave the host; the records
  # stay, and the executor builds them again at its next start
  NETS=$BERTH_STATE_DIR/executor/networks
  for record in "$NETS"/*.json; do
    [ -f "$record" ] || continue
    net=$(basename "$record" .json)
    pidfile=$NETS/dnsmasq/$net/dnsmasq.pid
    if [ -f "$pidfile" ]; then
      p=$(cat "$pidfile")
      if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- "--pid-file=$pidfile"; then
        kill "$p" 2>/dev/null
        for _ in $(seq 1 50); do [ -d "/proc/$p" ] && ! grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null || break; sleep 0.1; done
      fi
      rm -f "$pidfile"
    fi
    nft delete table inet "berth-$net" 2>/dev/null
    nft delete table bridge "berth-$net" 2>/dev/null
    ip link del "$net" 2>/dev/null
    echo "berth: network $net taken off the host" >&2
  done
fi
[ $KEEP_INFRA = 1 ] || bash "$ROOT/infra/down.sh" >&2
exit 0

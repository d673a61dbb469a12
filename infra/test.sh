#!/usr/bin/env bash
# Runs the whole Berth test suite on this machine, as root: installs what is missing, starts Kafka and
# PostgreSQL on a fresh state dir, runs every module's unit and Quarkus tests, then the system tests, which start
# the whole stack against real Kafka, PostgreSQL and runc and drive it over the Unix socket.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
[ "$(id -u)" = 0 ] || { echo "berth tests: run as root (they drive runc, mounts and cgroups)" >&2; exit 1; }
for port in 18080 18081 18082 18083 18084 18443; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "berth tests: port $port is in use; stop the running stack first (./berth down)" >&2
    exit 1
  fi
done
bash infra/packages.sh
# The stock clients the compatibility tests drive Berth with: lxc, pylxd, incus (from bookworm-backports).
bash infra/clients.sh
# The Kubernetes manifests cannot run here; check them against the code they deploy.
/usr/bin/python3 k8s/check.py
own_state=
if [ -z "${BERTH_TEST_STATE:-}" ]; then
  BERTH_TEST_STATE=$(mktemp -d /tmp/berth-test-XXXXXX)
  own_state=1
fi
export BERTH_TEST_STATE
# PostgreSQL runs as user postgres, which must be able to traverse the state dir.
mkdir -p "$BERTH_TEST_STATE"
chmod 755 "$BERTH_TEST_STATE"
export BERTH_INFRA_STATE=$BERTH_TEST_STATE/infra
cleanup() {
  local rc=$?
  BERTH_STATE_DIR=$BERTH_TEST_STATE/stack bash infra/stack-down.sh --keep-infra >/dev/null 2>&1 || true
  bash infra/down.sh || true
  # runc removes each container's cgroup but not the shared parent; remove it when the tests left it empty.
  rmdir /sys/fs/cgroup/*/berth 2>/dev/null || true
  # A passing run leaves nothing behind; a failing one keeps its state dir (service logs) for a look.
  if [ -n "$own_state" ] && [ "$rc" = 0 ] && ! grep -q " $BERTH_TEST_STATE/" /proc/self/mountinfo; then
    rm -rf "$BERTH_TEST_STATE"
  else
    echo "berth tests: state and logs kept in $BERTH_TEST_STATE" >&2
  fi
}
trap cleanup EXIT
bash infra/up.sh
mvn -B -ntp install -DskipITs=false -Dformatter.goal=validate "$@"

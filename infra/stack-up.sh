#!/usr/bin/env bash
# Starts the whole local Berth stack and returns once every service is ready:
# Kafka + PostgreSQL (infra/up.sh), then image-service, container-service, network-service, host-executor and
# api-gateway as plain background JVMs with pid files. Idempotent: a service whose pid is alive is reused.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export BERTH_STATE_DIR=${BERTH_STATE_DIR:-/var/lib/berth}
export BERTH_SOCKET=${BERTH_SOCKET:-$BERTH_STATE_DIR/unix.socket}
# LXD's core.https_address: HTTPS with client certificates (trust tokens via `incus config trust add`), on loopback
# unless told otherwise; BERTH_HTTPS_ADDRESS= (empty) turns it off.
export BERTH_HTTPS_ADDRESS=${BERTH_HTTPS_ADDRESS-127.0.0.1:18443}
export BERTH_INFRA_STATE=${BERTH_INFRA_STATE:-$BERTH_STATE_DIR/infra}
RUN=$BERTH_STATE_DIR/run LOG=$BERTH_STATE_DIR/log
SERVICES="image-service:18082 container-service:18081 network-service:18083 host-executor:18084 api-gateway:18080"
say() { echo "berth: $*" >&2; }

[ "$(id -u)" = 0 ] || { say "the stack must run as root (it drives runc, mounts and cgroups)"; exit 1; }
bash "$ROOT/infra/packages.sh"
for svc in $SERVICES; do
  name=${svc%%:*}
  if [ ! -f "$ROOT/$name/target/quarkus-app/quarkus-run.jar" ]; then
    say "building (first use, about 2 minutes)..."
    (cd "$ROOT" && mvn -B -q -DskipTests install >"${TMPDIR:-/tmp}/berth-build.log" 2>&1) \
      || { tail -40 "${TMPDIR:-/tmp}/berth-build.log"; exit 1; }
    break
  fi
done
mkdir -p "$RUN" "$LOG" "$(dirname "$BERTH_SOCKET")" /run/berth
say "starting Kafka and PostgreSQL..."
bash "$ROOT/infra/up.sh" >&2

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
for svc in $SERVICES; do
  name=${svc%%:*}
  if alive "$name"; then
    say "$name: reusing pid $(cat "$RUN/$name.pid")"
    continue
  fi
  extra=""
  # The executor spawns runc and conmon on the launch path; vfork spares each spawn a helper exec.
  [ "$name" = host-executor ] && extra="-Djdk.lang.Process.launchMechanism=VFORK"
  # BERTH_JAVA_OPTS: extra JVM options for every service (e.g. -XX:StartFlightRecording=... to profile a bench)
  extra="$extra ${BERTH_JAVA_OPTS:-}"
  # appended, not truncated: a restart (the crash tests restart the executor often) keeps what came before
  echo "=== $(date -u +%FT%TZ) $name starting" >>"$LOG/$name.log"
  setsid nohup java -Xms32m -Xmx384m -XX:+UseSerialGC $extra -jar "$ROOT/$name/target/quarkus-app/quarkus-run.jar" \
    >>"$LOG/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
  say "$name: started (pid $!, log $LOG/$name.log)"
done

deadline=$(( $(date +%s) + 180 ))
for svc in $SERVICES; do
  name=${svc%%:*} port=${svc##*:}
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/internal/ready" 2>/dev/null; do
    if ! alive "$name"; then say "$name exited; last lines of its log:"; tail -30 "$LOG/$name.log" >&2; exit 1; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then say "$name not ready after 180 s"; tail -30 "$LOG/$name.log" >&2; exit 1; fi
    sleep 0.2
  done
  say "$name: ready on 127.0.0.1:$port"
done
say "stack is up; API on unix:$BERTH_SOCKET and http://127.0.0.1:18080${BERTH_HTTPS_ADDRESS:+ and https://$BERTH_HTTPS_ADDRESS}"

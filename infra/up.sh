#!/usr/bin/env bash
# Starts (or reuses) Berth's infrastructure: Kafka 4.1.2 KRaft on 127.0.0.1:19092 and a private PostgreSQL 15
# cluster on 127.0.0.1:15432 with database and role "berth". Idempotent: reuses whatever already listens on a
# port, and records only what it started itself, so infra/down.sh stops only that.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
STATE=${BERTH_INFRA_STATE:-/var/lib/berth/infra}
KAFKA_PORT=19092 PG_PORT=15432
PGBIN=/usr/lib/postgresql/15/bin
mkdir -p "$STATE"
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ms() { date +%s%3N; }

# PostgreSQL lives under a directory the postgres user can traverse.
chmod 755 "$STATE"
T0=$(ms)
if listening $PG_PORT; then
  echo "postgres: reusing 127.0.0.1:$PG_PORT"
else
  [ -x $PGBIN/postgres ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-upgrade postgresql-15 >/dev/null; }
  install -d -o postgres -g postgres -m 700 "$STATE/pg"
  [ -s "$STATE/pg/data/PG_VERSION" ] || runuser -u postgres -- $PGBIN/initdb -D "$STATE/pg/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$STATE/pg/initdb.log"
  runuser -u postgres -- $PGBIN/pg_ctl -D "$STATE/pg/data" -l "$STATE/pg/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $STATE/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  touch "$STATE/pg/started-by-berth"
  echo "postgres: started on 127.0.0.1:$PG_PORT in $(( $(ms)-T0 )) ms"
fi
psql -h 127.0.0.1 -p $PG_PORT -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt >/dev/null <<'SQL'
DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'berth') THEN CREATE ROLE berth LOGIN PASSWORD 'berth'; END IF; END $$;
SELECT 'CREATE DATABASE berth OWNER berth' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'berth')\gexec
SQL

T1=$(ms)
if listening $KAFKA_PORT; then
  echo "kafka: reusing 127.0.0.1:$KAFKA_PORT"
else
  CP_FILE="$STATE/kafka.classpath"
  if [ ! -s "$CP_FILE" ]; then
    echo "kafka: resolving broker jars from Maven Central"
    mvn -q -B -Dstyle.color=never -f "$HERE/kafka/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime
  fi
  CP=$(cat "$CP_FILE")
  mkdir -p "$STATE/kafka"
  { cat "$HERE/kafka/server.properties"; echo "log.dirs=$STATE/kafka/data"; } > "$STATE/kafka/server.properties"
  if [ ! -f "$STATE/kafka/data/meta.properties" ]; then
    java -cp "$CP" -Dlog4j2.configurationFile="$HERE/kafka/log4j2.properties" kafka.tools.StorageTool format \
      --cluster-id "$(java -cp "$CP" kafka.tools.StorageTool random-uuid)" \
      --config "$STATE/kafka/server.properties" >"$STATE/kafka/format.log"
  fi
  : > "$STATE/kafka/server.log"
  setsid nohup java -Xms64m -Xmx512m -cp "$CP" -Dlog4j2.configurationFile="$HERE/kafka/log4j2.properties" \
    kafka.Kafka "$STATE/kafka/server.properties" >"$STATE/kafka/server.log" 2>&1 </dev/null &
  echo $! > "$STATE/kafka/pid"
  for _ in $(seq 1 900); do
    grep -q 'Kafka Server started' "$STATE/kafka/server.log" && break
    kill -0 "$(cat "$STATE/kafka/pid")" 2>/dev/null || { tail -50 "$STATE/kafka/server.log"; exit 1; }
    sleep 0.1
  done
  grep -q 'Kafka Server started' "$STATE/kafka/server.log" || { echo "kafka: not ready after 90 s"; exit 1; }
  echo "kafka: started on 127.0.0.1:$KAFKA_PORT in $(( $(ms)-T1 )) ms (pid $(cat "$STATE/kafka/pid"))"
fi

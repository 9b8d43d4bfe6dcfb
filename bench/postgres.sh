#!/usr/bin/env bash
# A throwaway PostgreSQL server for the benchmarks and for trying Longplay on PostgreSQL by hand
# (the tests start their own: org.longplay.catalog.PostgresServer). Debian's `postgresql` binaries,
# a new cluster in DIR, listening on 127.0.0.1:PORT only, trust authentication (nothing else can reach
# it), settings as docs/scaling.md recommends for a catalogue server, unless PG_OPTIONS replaces them.
#   bench/postgres.sh start DIR [PORT]    prints the catalogue URL (database "longplay", user "longplay")
#   bench/postgres.sh stop DIR
#   bench/postgres.sh restart DIR         (fast: cuts the sessions, as a database restart does)
set -euo pipefail
command="${1:?start|stop|restart DIR [PORT]}"
dir="$(realpath -m "${2:?DIR}")"
port="${3:-55432}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "no PostgreSQL server binaries under /usr/lib/postgresql: apt-get install postgresql" >&2; exit 2; }
as_server() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
options="${PG_OPTIONS:--c shared_buffers=1GB -c max_wal_size=8GB -c checkpoint_timeout=15min -c max_connections=400}"
case "$command" in
  start)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres "$dir"
      as_server "$bin/initdb" -D "$dir/data" -U longplay --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
      echo "port = $port" >> "$dir/data/postgresql.conf"
    fi
    # already running (an earlier benchmark started it): use it as it is
    as_server "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 \
      || as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-c listen_addresses=127.0.0.1 -k $dir $options" start >/dev/null
    psql -h 127.0.0.1 -p "$port" -U longplay -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = 'longplay'" | grep -q 1 \
      || psql -h 127.0.0.1 -p "$port" -U longplay -d postgres -qc "CREATE DATABASE longplay" >/dev/null
    echo "jdbc:postgresql://127.0.0.1:$port/longplay"
    ;;
  stop) as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ;;
  restart) as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w -o "-c listen_addresses=127.0.0.1 -k $dir $options" restart >/dev/null ;;
  *) echo "start|stop|restart DIR [PORT]" >&2; exit 2 ;;
esac

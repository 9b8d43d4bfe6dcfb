#!/usr/bin/env bash
# camel-sql batches against plain JDBC batches, same rows and HSQLDB settings (bench/CamelSqlVsJdbc.java).
#   bench/camel-sql-vs-jdbc.sh [ROWS]     default 1000000
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
"$home/longplay" --version >/dev/null   # builds the launcher and its lib/ if needed
exec java -Xmx512m -XX:+UseParallelGC -cp "$home/launcher/target/lib/*" "$home/bench/CamelSqlVsJdbc.java" "$@"

#!/usr/bin/env bash
# Runs the raw TCP load tool: tcp-load.sh <echo|churn|registry> --port P [--rate N] [--duration 30s] ... (--help)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[[ -f "$HERE/target/runtime-classpath.txt" ]] || { echo "tcp-load.sh: load-tests is not built: mvn -pl load-tests -DskipTests package" >&2; exit 2; }
exec "$JAVA" -XX:+UseSerialGC -cp "$HERE/target/classes:$(cat "$HERE/target/runtime-classpath.txt")" dev.baton.load.tcp.TcpLoadMain "$@"

#!/usr/bin/env bash
# Runs a benchmark suite: bench.sh <switch|models|data> [--quick] [--rounds N] [--seconds N]
# Needs load-tests built (mvn -pl load-tests package) and app-tier, data-tier, front-switch built for the rows
# that start them. Tables go to docs/bench/, process logs to run/bench/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
[[ -f "$HERE/target/runtime-classpath.txt" ]] || { echo "bench.sh: load-tests is not built: mvn -pl load-tests -DskipTests package" >&2; exit 2; }
CP="$HERE/target/classes:$(cat "$HERE/target/runtime-classpath.txt")"
cd "$ROOT"
exec "$JAVA" -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp "$CP" dev.baton.load.bench.BenchMain --root "$ROOT" "$@"

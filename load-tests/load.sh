#!/usr/bin/env bash
# Runs one of Baton's Gatling simulations: load.sh <reads|writes|bank|mixed> [--url URL] [--rate N] [--duration 60s]
#   [--p99-ms MS] [--max-error-pct PCT] [--keys N]
# Exits non-zero when an assertion (p99, error share) fails. The HTML report lands in load-tests/gatling/target/gatling/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $# -ge 1 ]] || usage
case "$1" in
  reads) class=ReadsSimulation ;;
  writes) class=WritesSimulation ;;
  bank) class=BankSimulation ;;
  mixed|mixed-ramp) class=MixedRampSimulation ;;
  -h|--help) usage ;;
  *) echo "load.sh: unknown simulation '$1' (expected one of: reads, writes, bank, mixed)" >&2; exit 2 ;;
esac
shift

# The same rules as SimulationOptions, checked here so that a bad value is one line and exit 2, not a
# Gatling crash under Maven's start-up and error lines.
bad() { echo "load.sh: $1: '$2' (expected: $3)" >&2; exit 2; }
number='^([0-9]+([.][0-9]*)?|[.][0-9]+)$'
props=()
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || { echo "load.sh: option $1 needs a value" >&2; exit 2; }
  case "$1" in
    --url)
      [[ "$2" =~ ^https?://[^/:]+:[0-9]+/*$ ]] || bad --url "$2" "http://host:port"
      props+=("-Durl=$2") ;;
    --rate)
      [[ "$2" =~ $number ]] && awk -v r="$2" 'BEGIN { exit !(r > 0) }' || bad --rate "$2" "a number of users/s above 0"
      props+=("-Drate=$2") ;;
    --duration)
      [[ "$2" =~ ^0*[1-9][0-9]*(ms|s|m)?$ ]] || bad --duration "$2" "a positive duration such as 60s, 2m, 500ms"
      props+=("-Dduration=$2") ;;
    --p99-ms)
      [[ "$2" =~ ^0*[1-9][0-9]{0,8}$ ]] || bad --p99-ms "$2" "a whole number of milliseconds above 0"
      props+=("-Dp99Ms=$2") ;;
    --max-error-pct)
      [[ "$2" =~ $number ]] && awk -v p="$2" 'BEGIN { exit !(p <= 100) }' || bad --max-error-pct "$2" "0-100"
      props+=("-DmaxErrorPct=$2") ;;
    --keys)
      [[ "$2" =~ ^0*[1-9][0-9]{0,8}$ ]] || bad --keys "$2" "a whole number above 0"
      props+=("-Dkeys=$2") ;;
    *) echo "load.sh: unknown option '$1'" >&2; usage ;;
  esac
  shift 2
done

command -v mvn >/dev/null 2>&1 || { echo "load.sh: Maven (mvn) is needed: apt-get install -y maven" >&2; exit 2; }
# Gatling is a separate Maven project (load-tests/gatling/pom.xml, not in the reactor) so the parent's
# netty-bom 4.2 cannot replace the Netty 4.1 that Gatling ships with.
exec mvn -B -q -f "$HERE/gatling/pom.xml" test-compile gatling:test \
  "-Dgatling.simulationClass=dev.baton.load.gatling.$class" "${props[@]}"

#!/usr/bin/env bash
# Warm cost of the authorizer's session check: dev.tradewind.auth.AuthorizerLatencyBenchmark (functions/auth test
# sources) authorizes one valid token with and without the session read, DynamoDB Local in-process, C1 only as the
# template runs the authorizer. Usage: benchmarks/auth-authorizer.sh [samples] [warmup] [rounds]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-2[15]* /usr/lib/jvm/*-2[15]-* 2>/dev/null | head -n 1)}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

JAVA_HOME="$JAVA_HOME" mvn -B -q -pl functions/auth -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="$ROOT/functions/auth/target/test-classes:$ROOT/functions/auth/target/classes:$(cat "$WORK/cp.txt")"
"$JAVA_HOME/bin/java" -version 2>&1 | head -n 1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
"$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 -XX:+UseSerialGC -Xmx512m -XX:+TieredCompilation \
  -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -Dtradewind.root="$ROOT" \
  -cp "$CP" dev.tradewind.auth.AuthorizerLatencyBenchmark "${1:-200}" "${2:-200}" "${3:-3}" 2>/dev/null | grep --line-buffered -v '^{'

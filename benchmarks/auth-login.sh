#!/usr/bin/env bash
# Sign-in latency of the auth function under two JIT settings, with Lambda-like JVM flags (one CPU, serial GC).
# Runs dev.tradewind.auth.LoginLatencyBenchmark (functions/auth test sources) against DynamoDB Local in-process.
# Usage: benchmarks/auth-login.sh [samples] [warmup] [rounds]   (about 4 minutes with the defaults)
# The two settings alternate for several rounds so that noise from other load on the machine spreads over both;
# compare the medians across rounds, and mind the load average printed before each run.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SAMPLES="${1:-20}"
WARMUP="${2:-20}"
ROUNDS="${3:-3}"
JAVA_HOME="${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-2[15]* /usr/lib/jvm/*-2[15]-* 2>/dev/null | head -n 1)}"
JAVA="$JAVA_HOME/bin/java"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

JAVA_HOME="$JAVA_HOME" mvn -B -q -pl functions/auth -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="$ROOT/functions/auth/target/test-classes:$ROOT/functions/auth/target/classes:$(cat "$WORK/cp.txt")"

# Lambda gives one vCPU at 1769 MB and less below; its java21 runtime stops the JIT at C1 unless told otherwise.
COMMON="-XX:ActiveProcessorCount=1 -XX:+UseSerialGC -Xmx1g --enable-native-access=ALL-UNNAMED -Dtradewind.root=$ROOT"
"$JAVA" -version 2>&1 | head -n 1
for round in $(seq 1 "$ROUNDS"); do
  for jit in "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" "-XX:+TieredCompilation -XX:TieredStopAtLevel=4"; do
    echo
    echo "== round $round: $jit   (load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)) =="
    # shellcheck disable=SC2086
    "$JAVA" $COMMON $jit -cp "$CP" dev.tradewind.auth.LoginLatencyBenchmark "$SAMPLES" "$WARMUP" 2>/dev/null \
      | grep -v '^{'
  done
done

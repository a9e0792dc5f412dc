#!/usr/bin/env bash
# Reproduces every table of benchmarks/README.md: builds the library and the benchmarks, resolves one class
# path per contender, runs the JMH suites with the GC profiler and the cold-start harness, then writes the
# tables (generated from the raw results by report.Tables) into benchmarks/README.md, and the targets table into
# the root README's Cost section.
#
# Usage: benchmarks/run.sh [full|quick]
#   full  (default) the published figures: 2 rounds of the suites that compare contenders run in separate JVMs or
#         hold a target relative to a baseline (per invocation, the plain and our lines on both backends, the flight
#         recorder on both backends), 1 round of the others (scan, escaping, per invocation on Logback, SDK
#         interceptor, per record, SQS consumer); 1 fork each, 5 x 1 s measured after 8 x 1 s of warm-up (on a
#         busy machine the logging paths take that long to be compiled); then 40 cold starts per contender. About 40
#         minutes on a quiet 2-core machine (45 cases twice, 45 once, at about 13.5 s each; 9 cold-start contenders x
#         42 runs).
#   quick for development: 1 round of everything (3 x 1 s after 2 x 1 s, too little warm-up for JIT-heavy cases);
#         10 cold starts. About 12 minutes. Its tables are written into the README too, marked as a quick run: do
#         not publish them.
# The rounds run the suites in turn (invocation, plain line, our line, Logback lines, recorder; again), so a change
# of machine load hits every contender alike; the report merges all iterations of all rounds.
# Needs a JDK 17+ and the network to Maven Central (or a filled ~/.m2). Raw results: benchmarks/target/results.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
profile="${1:-full}"
case "$profile" in
  full)  jmh=(-f 1 -wi 8 -w 1s -i 5 -r 1s); rounds=2; runs=40; warmups=2 ;;
  quick) jmh=(-f 1 -wi 2 -w 1s -i 3 -r 1s); rounds=1; runs=10; warmups=1 ;;
  *) echo "usage: $0 [full|quick]" >&2; exit 2 ;;
esac
# BENCH_JMH_OPTS replaces the JMH options of the profile, e.g. BENCH_JMH_OPTS="-f 1 -wi 15 -w 1s -i 10 -r 1s".
if [[ -n "${BENCH_JMH_OPTS:-}" ]]; then read -r -a jmh <<< "$BENCH_JMH_OPTS"; fi

results="$here/target/results"
classpaths="$here/target/classpath"
classes="$here/target/classes"
load_before="$(uptime)"
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

cd "$root"
echo "== build (library and benchmarks, tests skipped: ./mvnw verify runs them)"
./mvnw -q -B -pl benchmarks -am -DskipTests package
rm -rf "$results"
mkdir -p "$results"

echo "== class paths of the cold-start contenders"
# ours: exactly what a function gets from the library: its jar and its runtime dependencies
# (packaged again in this reactor, so that the core resolves to its jar in library/core/target)
./mvnw -q -B -pl library/log4j2 -am -DskipTests package dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile="$classpaths/library-deps.txt"
library_jar="$(tr ':' '\n' < "$classpaths/full.txt" | grep '/apigw-correlation-log4j2-[^/]*\.jar$')"
printf '%s:%s' "$library_jar" "$(cat "$classpaths/library-deps.txt")" > "$classpaths/coldstart-ours.txt"
# ours on Logback: the Logback adapter's jar and its runtime dependencies (Logback, SLF4J, the core)
./mvnw -q -B -pl library/logback -am -DskipTests package dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile="$classpaths/library-logback-deps.txt"
logback_jar="$(tr ':' '\n' < "$classpaths/logback.txt" | grep '/apigw-correlation-logback-[^/]*\.jar$')"
printf '%s:%s' "$logback_jar" "$(cat "$classpaths/library-logback-deps.txt")" > "$classpaths/coldstart-ours-logback.txt"
# plain (Log4j2), plain Logback and Powertools: resolved on their own, so nothing aligns their versions with ours.
# (Powertools' Logback flavour, powertools-logging-logback, resolves in no version from Maven Central here.)
for contender in plain plain-logback powertools; do
  ./mvnw -q -B -f "$here/coldstart/$contender/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$classpaths/coldstart-$contender.txt"
done

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
run_jmh() { # <class path file> <benchmark regex> <result name>
  echo "== JMH $2 ($3)"
  "$java_bin" -cp "$classes:$(cat "$classpaths/$1")" org.openjdk.jmh.Main "$2" "${jmh[@]}" -foe true \
    -prof gc -rf json -rff "$results/jmh-$3.json" > "$results/jmh-$3.log" 2>&1 \
    || { tail -50 "$results/jmh-$3.log"; echo "JMH failed: see $results/jmh-$3.log" >&2; exit 1; }
  grep -E '^[A-Za-z]+Benchmark\.[A-Za-z]+ ' "$results/jmh-$3.log" || true
}
for round in $(seq 1 "$rounds"); do
  run_jmh full.txt 'PerInvocationBenchmark' "invocation-$round"
  # The plain lines run without the library on the class path: its ContextDataProvider would run on every line.
  # PerLinePlainBothIdsBenchmark prints ours's bytes from a ThreadContext filled by hand (FixturesTest checks).
  run_jmh plain.txt 'PerLinePlain' "line-plain-$round"
  run_jmh ours.txt 'PerLineOursBenchmark' "line-ours-$round"
  # Logback: its own class path (Logback and the Logback adapter, no Log4j2); the plain contenders open no
  # invocation, so the adapter stays inert for them (checked in their setup and teardown).
  run_jmh logback.txt 'PerLineLogback|FlightRecorderLogbackBenchmark' "logback-$round"
  run_jmh full.txt 'FlightRecorderBenchmark|PowertoolsBufferingBenchmark' "recorder-$round"
  if [[ "$round" == 1 ]]; then
    run_jmh full.txt 'StreamScanBenchmark' "scan-$round"
    run_jmh full.txt 'EscapingBenchmark' "escaping-$round"
    run_jmh logback.txt 'PerInvocationLogbackBenchmark' "invocation-logback-$round"
    # the propagation artifact and the SQS client, no Powertools, no Logback
    run_jmh sdk.txt 'SdkInterceptorBenchmark|PerRecordBenchmark|SqsHandlerBenchmark' "propagation-$round"
  fi
done

echo "== cold start"
"$java_bin" -cp "$classes:$(cat "$classpaths/full.txt")" \
  io.github.apigwcorrelation.benchmarks.coldstart.ColdStartHarness "$runs" "$warmups" "$classes" "$classpaths" \
  "$results/coldstart.json"

load_after="$(uptime)"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
{
  if [[ "$profile" == quick ]]; then
    echo "**A quick run (development only: too little warm-up, one round, 10 cold starts). Not the published figures:"
    echo "\`benchmarks/run.sh full\` replaces them.**"
    echo
  fi
  echo "Run of \`benchmarks/run.sh $profile\`, started $started, commit \`$(git rev-parse --short HEAD)\`$(git diff --quiet HEAD -- library benchmarks 2>/dev/null || echo ' plus uncommitted changes')."
  echo
  echo "| machine | |"
  echo "| --- | --- |"
  echo "| CPU | $cpu, $(nproc) cores available |"
  echo "| memory | $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) |"
  echo "| OS | $(uname -sr) |"
  echo "| JDK | $("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}') ($("$java_bin" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.vm.name/ {print $2}')) |"
  echo "| JMH | $(tr ':' '\n' < "$classpaths/full.txt" | grep -o 'jmh-core-[0-9.]*[0-9]' | sed 's/jmh-core-//'), $rounds round(s) of \`${jmh[*]} -prof gc\`$( ((rounds > 1)) && echo ' (scan, escaping, Logback per invocation and the propagation suites: 1 round)') |"
  echo "| load before | \`$(echo "$load_before" | sed 's/^ *//')\` |"
  echo "| load after | \`$(echo "$load_after" | sed 's/^ *//')\` |"
} > "$results/environment.md"

echo "== tables"
"$java_bin" -cp "$classes:$(cat "$classpaths/full.txt")" io.github.apigwcorrelation.benchmarks.report.Tables \
  "$results" "$here/README.md" "$root/README.md"

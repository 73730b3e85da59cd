#!/usr/bin/env bash
# Measure network-buffer thresholds on real Flink MiniClusters and write
# tests/golden/network/thresholds.jsonl (see harness/network/README.md):
#   1. compile NetBench.java against each release line's flink-dist jar
#      (into harness/.cache/build/network/<minor>, never into the repo),
#   2. for each release line, one JVM runs every point of matrix.txt that applies to it; each
#      finished point replaces its line in thresholds.jsonl at once (so a stopped run keeps
#      what it measured).
#
#   harness/network/generate.sh                  # every cached release line in versions.txt
#   harness/network/generate.sh 1.16 1.20 2.3    # only these
#   NETWORK_HARNESS_ONLY=s-hash-p4-1x4,b-hash-p8-4x2 harness/network/generate.sh 1.20
#
# Environment: NETWORK_HARNESS_ONLY (comma-separated point ids), NETWORK_HARNESS_JOBS
# (release lines measured at the same time, default 1: parallel runs on 2 cores cause
# deployment timeouts), NETWORK_HARNESS_LOG (a file for Flink's WARN/ERROR log; default off),
# NETWORK_HARNESS_CONFIRM (extra runs at the threshold and one below, default 1).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
harness=$(dirname "$here")
repo=$(dirname "$harness")
cache="$harness/.cache"
build="$cache/build/network"
golden="$repo/tests/golden/network/thresholds.jsonl"
jobs=${NETWORK_HARNESS_JOBS:-1}

unset FLINK_CONF_DIR FLINK_ENV_JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS

start=$(date +%s%N)
mkdir -p "$build" "$(dirname "$golden")"

log4j="$build/log4j2.properties"
if [ -n "${NETWORK_HARNESS_LOG:-}" ]; then
  cat > "$log4j" <<EOF
status = off
rootLogger.level = warn
rootLogger.appenderRef.f.ref = F
appender.f.type = File
appender.f.name = F
appender.f.fileName = ${NETWORK_HARNESS_LOG}
appender.f.append = true
appender.f.layout.type = PatternLayout
appender.f.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
EOF
else
  printf 'status = off\nrootLogger.level = off\n' > "$log4j"
fi

declare -a minors=()
declare -A patch_of=()
while read -r minor patch; do
  [[ -z "${minor:-}" || "$minor" == \#* ]] && continue
  patch_of[$minor]=$patch
  minors+=("$minor")
done < "$harness/versions.txt"

if [ $# -gt 0 ]; then
  for m in "$@"; do
    [ -n "${patch_of[$m]:-}" ] || { echo "unknown release line $m (see harness/versions.txt)" >&2; exit 2; }
  done
  minors=("$@")
fi

# The JVM options Flink's own scripts pass on Java 17 (env.java.opts.all of the shipped config;
# 1.13-1.17 do not ship it, they get the list of the newest cached release that does).
java_opts_of() {
  local conf opts=""
  conf=$(find "$cache/flink-$1" -path '*conf/*' \( -name config.yaml -o -name flink-conf.yaml \) 2>/dev/null | sort | head -n 1)
  [ -n "$conf" ] && opts=$(grep -oh -- '--add-[a-z]*=[^ ]*' "$conf" | awk '!seen[$0]++' | tr '\n' ' ')
  if [ -z "$opts" ]; then
    for conf in $(find "$cache" -path '*conf/*' \( -name config.yaml -o -name flink-conf.yaml \) 2>/dev/null | sort -rV); do
      opts=$(grep -oh -- '--add-[a-z]*=[^ ]*' "$conf" | awk '!seen[$0]++' | tr '\n' ' ')
      [ -n "$opts" ] && break
    done
  fi
  echo "$opts"
}

status=0
declare -a runnable=()
for m in "${minors[@]}"; do
  dir="$cache/flink-$m"
  if [ ! -f "$dir/.complete" ]; then
    echo "flink-$m: not cached yet (no $dir/.complete; run harness/fetch-flink.sh), skipped" >&2
    [ $# -gt 0 ] && status=1
    continue
  fi
  got=$(tr -d '[:space:]' < "$dir/.complete")
  if [ "$got" != "${patch_of[$m]}" ]; then
    echo "flink-$m: cached patch $got != ${patch_of[$m]} in versions.txt, skipped" >&2
    status=1
    continue
  fi
  runnable+=("$m")
done

run_one() {
  local m=$1 dist lib cp opts out
  dist=$(find "$cache/flink-$m" -path '*/lib/flink-dist*.jar' | sort | head -n 1)
  if [ -z "$dist" ]; then
    echo "flink-$m: no lib/flink-dist*.jar under $cache/flink-$m" >&2
    return 1
  fi
  lib=$(dirname "$dist")
  # flink-dist, log4j, and (1.13-1.16) the shaded ZooKeeper that MiniCluster needs.
  cp=$(find "$lib" -maxdepth 1 \( -name 'flink-dist*.jar' -o -name 'log4j-*.jar' -o -name 'flink-shaded-zookeeper-*.jar' \) | sort | tr '\n' ':')
  out="$build/$m"
  rm -rf "$out" && mkdir -p "$out"
  javac -nowarn -cp "$cp" -d "$out" "$here/NetBench.java"
  opts=$(java_opts_of "$m")
  local only=()
  [ -n "${NETWORK_HARNESS_ONLY:-}" ] && only=(--only "$NETWORK_HARNESS_ONLY")
  # shellcheck disable=SC2086
  java $opts -Xmx1g -XX:MaxDirectMemorySize=3g -XX:+UseSerialGC -Dfile.encoding=UTF-8 \
    -Dlog4j2.configurationFile="$log4j" -Dlog4j.configurationFile="$log4j" \
    -cp "$cp$out" NetBench --minor "$m" --patch "${patch_of[$m]}" \
    --matrix "$here/matrix.txt" --golden "$golden" --lock "$build/thresholds.lock" \
    --confirm "${NETWORK_HARNESS_CONFIRM:-1}" "${only[@]}"
}

pids=()
for m in "${runnable[@]}"; do
  run_one "$m" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do
  wait "$p" || status=1
done

ms=$(( ($(date +%s%N) - start) / 1000000 ))
printf 'network: done in %d.%01d s (%d release lines)\n' $((ms / 1000)) $((ms % 1000 / 100)) "${#runnable[@]}" >&2
exit $status

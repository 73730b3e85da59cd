#!/usr/bin/env bash
# Write the plan JSONs Flink prints for a few small jobs, per release line, into
# tests/fixtures/plans/<minor>/ (see harness/plans/README.md):
#   <job>.execution-plan.json  env.getExecutionPlan() / `flink info` (operators, before chaining)
#   <job>.rest-plan.json       GET /jobs/:jobid/plan (job vertices, after chaining)
#   <job>.stream-graph.json    2.0+: the "stream-graph" of GET /jobs/:jobid
# Nothing runs on a cluster: the programs build the jobs and call Flink's JSON generators.
#
#   harness/plans/generate.sh              # every cached release line in versions.txt
#   harness/plans/generate.sh 1.13 2.3     # only these
#
# FLINKMEM_FLINK_CACHE: where the distributions are (default harness/.cache, filled by
# harness/fetch-flink.sh). Classes are compiled into harness/.cache/build/plans/<minor>/
# (git-ignored), never into the repo.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
harness=$(dirname "$here")
repo=$(dirname "$harness")
cache=${FLINKMEM_FLINK_CACHE:-$harness/.cache}
build="$harness/.cache/build/plans"
fixtures="$repo/tests/fixtures/plans"

unset FLINK_CONF_DIR FLINK_ENV_JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS
mkdir -p "$build"
log4j="$build/log4j2.properties"
printf 'status = off\nrootLogger.level = off\n' > "$log4j"

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

# The JVM options Flink's scripts pass on Java 17 (env.java.opts.all of the shipped config; the
# newest cached release that ships them serves the older ones).
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
done_count=0
for m in "${minors[@]}"; do
  dir="$cache/flink-$m"
  if [ ! -f "$dir/.complete" ]; then
    echo "flink-$m: not cached (no $dir/.complete; run harness/fetch-flink.sh), skipped" >&2
    [ $# -gt 0 ] && status=1
    continue
  fi
  got=$(tr -d '[:space:]' < "$dir/.complete")
  if [ "$got" != "${patch_of[$m]}" ]; then
    echo "flink-$m: cached patch $got != ${patch_of[$m]} in versions.txt, skipped" >&2
    status=1
    continue
  fi
  dist=$(find "$dir" -path '*/lib/flink-dist*.jar' | sort | head -n 1)
  [ -n "$dist" ] || { echo "flink-$m: no lib/flink-dist*.jar" >&2; status=1; continue; }
  lib=$(dirname "$dist")
  # Every jar of lib/: flink-dist, log4j, and the table jars SqlPlans needs.
  cp=$(find "$lib" -maxdepth 1 -name '*.jar' | sort | tr '\n' ':')
  out="$build/$m"
  rm -rf "$out" && mkdir -p "$out"
  sources=("$here/Plans.java")
  # The DataSet API exists up to 1.20.
  if unzip -l "$dist" 'org/apache/flink/api/java/ExecutionEnvironment.class' >/dev/null 2>&1; then
    sources+=("$here/DataSetPlans.java")
  fi
  # Statement sets attached to a DataStream environment exist from 1.14.
  for jar in "$lib"/*.jar; do
    if unzip -l "$jar" 'org/apache/flink/table/api/bridge/java/StreamStatementSet.class' >/dev/null 2>&1; then
      sources+=("$here/SqlPlans.java")
      break
    fi
  done
  javac -nowarn -Xlint:none -cp "$cp" -d "$out" "${sources[@]}" 2> >(grep -v '^Note:' >&2)
  target="$fixtures/$m"
  rm -rf "$target" && mkdir -p "$target"
  opts=$(java_opts_of "$m")
  # shellcheck disable=SC2086
  java $opts -Dlog4j2.configurationFile="$log4j" -cp "$cp$out" Plans "$target" >/dev/null
  for program in DataSetPlans SqlPlans; do
    if [ -f "$out/$program.class" ]; then
      # shellcheck disable=SC2086
      java $opts -Dlog4j2.configurationFile="$log4j" -cp "$cp$out" "$program" "$target" >/dev/null
    fi
  done
  echo "flink-$m: $(find "$target" -type f | wc -l) plans in tests/fixtures/plans/$m" >&2
  done_count=$((done_count + 1))
done
echo "plans: $done_count release lines" >&2
exit $status

#!/usr/bin/env bash
# Regenerate the golden memory files in tests/golden/memory/:
#   1. compile Gen.java and Run.java into harness/.cache/build/memory (never into the repo),
#   2. regenerate the corpus cases.jsonl (deterministic, fixed seed),
#   3. for every Flink release line in harness/versions.txt whose distribution is cached
#      (harness/.cache/flink-<minor>/.complete), run the whole corpus through that release's
#      BashJavaUtils in one JVM and write flink-<minor>.jsonl.
#
#   harness/memory/generate.sh              # every cached release line
#   harness/memory/generate.sh 1.20 2.0     # only these (the corpus is regenerated anyway)
#
# Release lines that are not cached yet are skipped with a warning; their old result file is
# left as it is. Exit status is non-zero if a requested line is missing or a run fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
harness=$(dirname "$here")
repo=$(dirname "$harness")
cache="$harness/.cache"
build="$cache/build/memory"
golden="$repo/tests/golden/memory"
jobs=${MEMORY_HARNESS_JOBS:-2}

# Nothing from the caller's environment may leak into Flink's config loading.
unset FLINK_TM_HEAP FLINK_JM_HEAP FLINK_CONF_DIR FLINK_ENV_JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS

start=$(date +%s%N)
mkdir -p "$build" "$golden"
rm -rf "$build"/*.class
javac -nowarn -d "$build" "$here/Gen.java" "$here/Run.java"

# Logging of Flink (log4j2 bundled in bash-java-utils.jar) is switched off completely.
cat > "$build/log4j2-off.properties" <<'EOF'
status = off
rootLogger.level = off
EOF

java -cp "$build" Gen "$golden/cases.jsonl"

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

status=0
declare -a runnable=()
for m in "${minors[@]}"; do
  dir="$cache/flink-$m"
  if [ ! -f "$dir/.complete" ]; then
    echo "flink-$m: not cached yet (no $dir/.complete), skipped" >&2
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
  local m=$1 dir="$cache/flink-$1" bju dist work
  bju=$(find "$dir" -path '*/bin/bash-java-utils.jar' | sort | head -n 1)
  dist=$(find "$dir" -path '*/lib/flink-dist*.jar' | sort | head -n 1)
  if [ -z "$bju" ] || [ -z "$dist" ]; then
    echo "flink-$m: bash-java-utils.jar or flink-dist jar not found under $dir" >&2
    return 1
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/flinkmem-memory-$m.XXXXXX")
  # Same class path as bin/config.sh / bin/bash-java-utils.sh: bash-java-utils.jar first.
  if java -Xshare:auto -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8 -Duser.language=en -Duser.country=US \
       -Dlog4j2.configurationFile="$build/log4j2-off.properties" \
       -Dlog4j.configurationFile="$build/log4j2-off.properties" \
       -cp "$bju:$dist:$build" Run --minor "$m" --cases "$golden/cases.jsonl" \
       --out "$work/out.jsonl" --work "$work/conf" 2> "$work/log"; then
    mv "$work/out.jsonl" "$golden/flink-$m.jsonl"
    cat "$work/log" >&2
    rm -rf "$work"
  else
    cat "$work/log" >&2
    rm -rf "$work"
    echo "flink-$m: run failed" >&2
    return 1
  fi
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
printf 'done in %d.%01d s (%d release lines)\n' $((ms / 1000)) $((ms % 1000 / 100)) "${#runnable[@]}" >&2
exit $status

#!/usr/bin/env bash
# Optional check that the in-process runner (Run.java) gives exactly what the real command-line
# BashJavaUtils gives: re-runs every N-th case of a release line in its own JVM (as bin/config.sh
# does) and compares with tests/golden/memory/flink-<minor>.jsonl. Slow (one JVM per call).
#   harness/memory/crosscheck.sh 1.20        # every 10th case
#   harness/memory/crosscheck.sh 2.0 1       # every case
#   harness/memory/crosscheck.sh 1.20 1 '^(y-|q-)'   # only ids matching a regex
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
harness=$(dirname "$here")
repo=$(dirname "$harness")
cache="$harness/.cache"
build="$cache/build/memory"
m=${1:?usage: crosscheck.sh <minor> [every]}
every=${2:-10}
ids=${3:-}
unset FLINK_TM_HEAP FLINK_JM_HEAP FLINK_CONF_DIR JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS
mkdir -p "$build"
javac -nowarn -d "$build" "$here/Run.java" "$here/CrossCheck.java"
dir="$cache/flink-$m"
bju=$(find "$dir" -path '*/bin/bash-java-utils.jar' | sort | head -n 1)
dist=$(find "$dir" -path '*/lib/flink-dist*.jar' | sort | head -n 1)
work=$(mktemp -d "${TMPDIR:-/tmp}/flinkmem-crosscheck-$m.XXXXXX")
trap 'rm -rf "$work"' EXIT
java -cp "$build" CrossCheck --minor "$m" --cases "$repo/tests/golden/memory/cases.jsonl" \
  --results "$repo/tests/golden/memory/flink-$m.jsonl" --cp "$bju:$dist" --every "$every" --work "$work" ${ids:+--ids "$ids"}

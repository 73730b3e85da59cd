#!/usr/bin/env bash
# Regenerate the loader and values golden files by running Flink's own classes.
#   harness/oracle/generate.sh            # every downloaded version in harness/versions.txt
#   harness/oracle/generate.sh 1.20 2.0   # just these release lines
# Needs: Java 17 (javac/java), the jars from harness/fetch-flink.sh in harness/.cache/.
# Inputs:  tests/golden/loader/cases.jsonl, tests/golden/values/inputs.jsonl
#          (both written by harness/oracle/make_inputs.py; this script does not rewrite them)
# Outputs: tests/golden/loader/flink-<minor>.jsonl, tests/golden/values/flink-<minor>.jsonl
# Build products go to harness/.cache/build/ (git-ignored), never into the repo.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache="$repo/harness/.cache"
build="$cache/build"
mkdir -p "$build"

# Silence Flink's logging (log4j2 is the slf4j backend shipped in lib/).
cat > "$build/log4j2-off.properties" <<'EOF'
status = off
rootLogger.level = off
EOF

want=("$@")
ran=0
start=$(date +%s)
while read -r minor patch; do
  case "$minor" in ''|'#'*) continue ;; esac
  if [ ${#want[@]} -gt 0 ] && [[ ! " ${want[*]} " == *" $minor "* ]]; then continue; fi
  dest="$cache/flink-$minor"
  if [ ! -f "$dest/.complete" ]; then
    echo "flink $minor: not downloaded yet (no $dest/.complete), skipped" >&2
    continue
  fi
  # sdist layout: apache[-_]flink[-_]libraries-<patch>/deps/lib/; wheel layout: pyflink/lib/
  dist=$(find "$dest" -path '*/lib/flink-dist*.jar' 2>/dev/null | sort | head -n1 || true)
  if [ -z "$dist" ]; then echo "flink $minor: no lib/flink-dist*.jar under $dest" >&2; exit 1; fi
  lib=$(dirname "$dist")
  cp="$dist"
  for j in "$lib"/log4j-*.jar; do cp="$cp:$j"; done
  out="$build/$minor"
  rm -rf "$out" && mkdir -p "$out"
  javac -nowarn -encoding UTF-8 -d "$out" -cp "$dist" "$here/Oracle.java" 2>&1 | grep -v '^Note:' >&2 || true
  [ -f "$out/Oracle.class" ] || { echo "flink $minor: compile failed" >&2; exit 1; }
  java -Xshare:auto -XX:TieredStopAtLevel=1 \
    -Dfile.encoding=UTF-8 -Duser.language=en -Duser.country=US -Duser.timezone=UTC \
    -Dlog4j.configurationFile="$build/log4j2-off.properties" -Dlog4j2.StatusLogger.level=OFF \
    -cp "$out:$cp" Oracle "$minor" "$(cat "$dest/.complete")" \
    "$repo/tests/golden/loader/cases.jsonl" "$repo/tests/golden/loader/flink-$minor.jsonl" \
    "$repo/tests/golden/values/inputs.jsonl" "$repo/tests/golden/values/flink-$minor.jsonl" \
    </dev/null
  ran=$((ran + 1))
done < "$repo/harness/versions.txt"
echo "oracle: $ran version(s) in $(( $(date +%s) - start ))s" >&2

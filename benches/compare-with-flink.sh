#!/usr/bin/env bash
# Whole-process comparison: one `flinkmem calc` run against Flink's own calculation of the same
# configuration, i.e. `BashJavaUtils GET_TM_RESOURCE_PARAMS` started the way bin/config.sh starts
# it (one JVM, bash-java-utils.jar + flink-dist, the harness's jars). flinkmem derives both
# processes in one run; Flink needs one JVM per process, so its GET_JM_RESOURCE_PARAMS run is
# timed too.
#   benches/compare-with-flink.sh                 # Flink 1.20, the 4g/4-slot example
#   benches/compare-with-flink.sh 2.3 path/to/config.yaml
# Needs: hyperfine (Debian: apt-get install hyperfine), a JDK, harness/fetch-flink.sh done.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
minor=${1:-1.20}
config=${2:-$repo/tests/fixtures/calc/e04-4g-4slots.config.yaml}
dir="$repo/harness/.cache/flink-$minor"
bju=$(find "$dir" -path '*/bin/bash-java-utils.jar' | sort | head -n 1)
dist=$(find "$dir" -path '*/lib/flink-dist*.jar' | sort | head -n 1)
[ -n "$bju" ] && [ -n "$dist" ] || { echo "no Flink $minor jars: run harness/fetch-flink.sh $minor" >&2; exit 2; }
log4j=$(find "$(dirname "$dist")" -name 'log4j-*.jar' | sort | tr '\n' ':')
unset FLINK_TM_HEAP FLINK_JM_HEAP FLINK_CONF_DIR JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
work=$(mktemp -d "${TMPDIR:-/tmp}/flinkmem-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
case "$(basename "$config")" in
  *flink-conf*) cp "$config" "$work/flink-conf.yaml" ;;
  *) cp "$config" "$work/config.yaml" ;;
esac
printf 'rootLogger.level = OFF\n' > "$work/log4j2-off.properties"
java_run() {
  echo "java -Dlog4j2.configurationFile=$work/log4j2-off.properties -classpath $bju:$dist:$log4j org.apache.flink.runtime.util.bash.BashJavaUtils $1 --configDir $work"
}

echo "Flink $minor, $(basename "$config"); java: $(java -version 2>&1 | head -n 1)"
# Same answers first: flinkmem's two lines must be Flink's.
flink_tm=$($(java_run GET_TM_RESOURCE_PARAMS) 2>/dev/null | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')
ours_tm=$("$repo/target/release/flinkmem" calc "$work" --flink-version "$minor" --format json |
  python3 -c 'import json,sys; t=json.load(sys.stdin)["taskmanager"]; print(t["jvm_params"]); print(t["dynamic_configs"])')
if [ "$flink_tm" != "$ours_tm" ]; then
  printf 'MISMATCH\nflink:\n%s\nflinkmem:\n%s\n' "$flink_tm" "$ours_tm" >&2
  exit 1
fi
echo "same two TaskManager lines as Flink"

hyperfine --warmup 3 --min-runs 20 -N \
  --export-markdown "$work/result.md" \
  -n "flinkmem calc (both processes)" "$repo/target/release/flinkmem calc $work --flink-version $minor" \
  -n "flinkmem calc --format json" "$repo/target/release/flinkmem calc $work --flink-version $minor --format json" \
  -n "Flink BashJavaUtils GET_TM_RESOURCE_PARAMS" "$(java_run GET_TM_RESOURCE_PARAMS)" \
  -n "Flink BashJavaUtils GET_JM_RESOURCE_PARAMS" "$(java_run GET_JM_RESOURCE_PARAMS)"
cat "$work/result.md"

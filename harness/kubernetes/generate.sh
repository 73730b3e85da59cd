#!/usr/bin/env bash
# Regenerate tests/golden/kubernetes/: Flink's own memory derivation of the configurations the
# Kubernetes operator builds from the manifests in tests/golden/kubernetes/manifests/.
#   1. flinkmem writes cases.jsonl: each FlinkDeployment / ConfigMap translated as the operator
#      does it, flattened to the file the operator writes into the pod (flink-conf.yaml for
#      1.x, config.yaml for 2.x), with the Flink version the manifest names;
#   2. harness/memory/Run.java runs each case through that release's BashJavaUtils
#      (GET_TM_RESOURCE_PARAMS / GET_JM_RESOURCE_PARAMS) and writes flink-<minor>.jsonl.
# The operator itself is not run (its jars are not on PyPI): the translation is checked by the
# unit tests of src/kubernetes/, each citing the operator class it mirrors.
#
#   harness/kubernetes/generate.sh     # needs cargo, Java 17, harness/fetch-flink.sh done
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
harness=$(dirname "$here")
repo=$(dirname "$harness")
cache="$harness/.cache"
build="$cache/build/kubernetes"
golden="$repo/tests/golden/kubernetes"

unset FLINK_TM_HEAP FLINK_JM_HEAP FLINK_CONF_DIR FLINK_ENV_JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS

(cd "$repo" && FLINKMEM_WRITE_KUBERNETES_CASES=1 cargo test --quiet --test golden_kubernetes \
  translations_are_the_golden_cases >/dev/null)

mkdir -p "$build"
rm -rf "$build"/*.class
javac -nowarn -d "$build" "$harness/memory/Run.java"
printf 'status = off\nrootLogger.level = off\n' > "$build/log4j2-off.properties"

status=0
minors=$(python3 -c 'import json,sys
print(" ".join(sorted({json.loads(l)["flink_version"] for l in open(sys.argv[1])})))' "$golden/cases.jsonl")
rm -f "$golden"/flink-*.jsonl
for m in $minors; do
  dir="$cache/flink-$m"
  if [ ! -f "$dir/.complete" ]; then
    echo "flink-$m: not cached (run harness/fetch-flink.sh $m)" >&2
    status=1
    continue
  fi
  bju=$(find "$dir" -path '*/bin/bash-java-utils.jar' | sort | head -n 1)
  dist=$(find "$dir" -path '*/lib/flink-dist*.jar' | sort | head -n 1)
  work=$(mktemp -d "${TMPDIR:-/tmp}/flinkmem-kubernetes-$m.XXXXXX")
  python3 -c 'import json,sys
for l in open(sys.argv[1]):
    if json.loads(l)["flink_version"] == sys.argv[2]: sys.stdout.write(l)' \
    "$golden/cases.jsonl" "$m" > "$work/cases.jsonl"
  if java -Xshare:auto -XX:TieredStopAtLevel=1 -Dfile.encoding=UTF-8 -Duser.language=en -Duser.country=US \
       -Dlog4j2.configurationFile="$build/log4j2-off.properties" \
       -Dlog4j.configurationFile="$build/log4j2-off.properties" \
       -cp "$bju:$dist:$build" Run --minor "$m" --cases "$work/cases.jsonl" \
       --out "$work/out.jsonl" --work "$work/conf" 2> "$work/log"; then
    mv "$work/out.jsonl" "$golden/flink-$m.jsonl"
  else
    cat "$work/log" >&2
    echo "flink-$m: run failed" >&2
    status=1
  fi
  rm -rf "$work"
done
echo "review with: git diff --stat tests/golden/kubernetes" >&2
exit $status

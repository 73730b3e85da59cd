#!/usr/bin/env bash
# Regenerate the golden migration files in tests/golden/migrate/:
#   1. build flinkmem (cargo build --release in the repo root),
#   2. write the corpus cases.jsonl with make_cases.py (each legacy flink-conf.yaml plus what
#      `flinkmem migrate --to <minor>` makes of it for 1.19, 1.20, 2.0, 2.3),
#   3. compile Migrate.java into harness/.cache/build/migrate (never into the repo),
#   4. for every release line of 1.17 1.18 1.19 1.20 2.0 2.3 whose distribution is cached
#      (harness/.cache/flink-<minor>/.complete), run the corpus through that release in one JVM
#      (up to MIGRATE_HARNESS_JOBS, default 2, at a time) and write flink-<minor>.jsonl.
#      1.17/1.18 have no migration command and no config.yaml: only `source` is recorded there.
#
#   harness/migrate/generate.sh                  # every cached release line
#   harness/migrate/generate.sh 1.20 2.3         # only these (the corpus is rewritten anyway)
#   harness/migrate/generate.sh --no-flinkmem    # no cargo build; every `migrated` is null
#
# Release lines that are not cached are skipped with a warning and their old result file is
# left as it is; lines this harness does not cover (say 1.13) are skipped silently, so
# harness/regenerate.sh can pass its arguments on. Exit status is non-zero if a requested line
# is missing or a build or run fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
harness=$(dirname "$here")
repo=$(dirname "$harness")
cache="$harness/.cache"
build="$cache/build/migrate"
golden="$repo/tests/golden/migrate"
jobs=${MIGRATE_HARNESS_JOBS:-2}
covered=(1.17 1.18 1.19 1.20 2.0 2.3)

# Nothing from the caller's environment may leak into Flink's config loading.
unset FLINK_TM_HEAP FLINK_JM_HEAP FLINK_CONF_DIR FLINK_ENV_JAVA_OPTS JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS

use_flinkmem=1
declare -a asked=()
for a in "$@"; do
  case "$a" in
    --no-flinkmem) use_flinkmem=0 ;;
    -*) echo "unknown option $a" >&2; exit 2 ;;
    *) asked+=("$a") ;;
  esac
done

start=$(date +%s%N)
mkdir -p "$build" "$golden"

if [ $use_flinkmem -eq 1 ]; then
  (cd "$repo" && cargo build --release --quiet)
  python3 "$here/make_cases.py"
else
  python3 "$here/make_cases.py" --no-flinkmem
fi

rm -rf "$build"/*.class
javac -nowarn -encoding UTF-8 -d "$build" "$here/Migrate.java"

# Logging of Flink (log4j2 bundled in bash-java-utils.jar) is switched off completely.
printf 'status = off\nrootLogger.level = off\n' > "$build/log4j2-off.properties"

declare -A patch_of=()
while read -r minor patch; do
  [[ -z "${minor:-}" || "$minor" == \#* ]] && continue
  patch_of[$minor]=$patch
done < "$harness/versions.txt"

declare -a minors=()
if [ ${#asked[@]} -gt 0 ]; then
  for m in "${asked[@]}"; do
    [ -n "${patch_of[$m]:-}" ] || { echo "unknown release line $m (see harness/versions.txt)" >&2; exit 2; }
    [[ " ${covered[*]} " == *" $m "* ]] && minors+=("$m")
  done
else
  minors=("${covered[@]}")
fi

status=0
declare -a runnable=()
for m in "${minors[@]}"; do
  dir="$cache/flink-$m"
  if [ ! -f "$dir/.complete" ]; then
    echo "flink-$m: not cached yet (no $dir/.complete), skipped" >&2
    [ ${#asked[@]} -gt 0 ] && status=1
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
  # sdist layout apache[-_]flink[-_]libraries-<patch>/deps/{bin,lib}/ or wheel layout pyflink/
  bju=$(find "$dir" -path '*/bin/bash-java-utils.jar' | sort | head -n 1)
  dist=$(find "$dir" -path '*/lib/flink-dist*.jar' | sort | head -n 1)
  if [ -z "$bju" ] || [ -z "$dist" ]; then
    echo "flink-$m: bash-java-utils.jar or flink-dist jar not found under $dir" >&2
    return 1
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/flinkmem-migrate-$m.XXXXXX")
  # Same class path as bin/migrate-config-file.sh / bin/bash-java-utils.sh: bash-java-utils.jar first.
  if java -Xshare:auto -XX:TieredStopAtLevel=1 \
       -Dfile.encoding=UTF-8 -Duser.language=en -Duser.country=US -Duser.timezone=UTC \
       -Dlog4j2.configurationFile="$build/log4j2-off.properties" \
       -Dlog4j.configurationFile="$build/log4j2-off.properties" \
       -cp "$bju:$dist:$build" Migrate --minor "$m" --cases "$golden/cases.jsonl" \
       --out "$work/out.jsonl" --work "$work/conf" </dev/null 2> "$work/log"; then
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
printf 'migrate: done in %d.%01d s (%d release lines)\n' $((ms / 1000)) $((ms % 1000 / 100)) "${#runnable[@]}" >&2
exit $status

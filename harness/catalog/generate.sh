#!/usr/bin/env bash
# Regenerate src/catalog/data/<minor>.tsv from the Flink jars cached by harness/fetch-flink.sh.
#   harness/catalog/generate.sh             # every minor in harness/versions.txt whose cache is complete
#   harness/catalog/generate.sh 1.20 2.0    # just these release lines
# Needs Java 17+ (java, javac). Compiles into harness/.cache/build/catalog; never writes class files
# into the repository. Diagnostics go to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
harness=$(dirname "$here")
repo=$(dirname "$harness")
cache="$harness/.cache"
build="$cache/build/catalog"
outdir="$repo/src/catalog/data"
want=("$@")

mkdir -p "$build/classes" "$outdir"
if [ ! -f "$build/classes/CatalogDump.class" ] || [ "$here/CatalogDump.java" -nt "$build/classes/CatalogDump.class" ]; then
  javac -nowarn -d "$build/classes" "$here/CatalogDump.java"
fi

status=0
done_any=0
for m in ${want[@]+"${want[@]}"}; do
  if ! grep -v '^#' "$harness/versions.txt" | awk '{print $1}' | grep -qxF "$m"; then
    echo "unknown release line '$m' (not in harness/versions.txt)" >&2
    status=1
  fi
done
while read -r minor patch _; do
  case "$minor" in ''|'#'*) continue ;; esac
  if [ ${#want[@]} -gt 0 ] && [[ ! " ${want[*]} " == *" $minor "* ]]; then continue; fi
  dist="$cache/flink-$minor"
  if [ ! -f "$dist/.complete" ]; then
    echo "flink $minor: not downloaded (no $dist/.complete), skipped" >&2
    [ ${#want[@]} -gt 0 ] && status=1
    continue
  fi
  cached_patch=$(tr -d '[:space:]' < "$dist/.complete")
  # PyPI's sdist unpacks to apache-flink-libraries-<patch>/deps or apache_flink_libraries-<patch>/deps;
  # the wheel (2.2+) puts lib/, opt/, plugins/ under pyflink/.
  deps=""
  for d in "$dist"/apache?flink?libraries-"$cached_patch"/deps "$dist"/pyflink; do
    if [ -z "$deps" ] && [ -d "$d/lib" ] && ls "$d"/lib/flink-dist*.jar >/dev/null 2>&1; then deps="$d"; fi
  done
  if [ -z "$deps" ]; then
    echo "flink $minor: no apache-flink-libraries deps/ directory under $dist" >&2
    status=1
    continue
  fi
  [ "$cached_patch" = "$patch" ] || echo "flink $minor: cache holds $cached_patch, versions.txt says $patch" >&2
  echo "flink $minor ($cached_patch):" >&2
  java -Xss4m -XX:+UseSerialGC -Djava.awt.headless=true \
    -cp "$build/classes" CatalogDump \
    --minor "$minor" --patch "$cached_patch" --deps "$deps" \
    --work "$build/work-$minor" --out "$outdir/$minor.tsv" || status=1
  done_any=1
done < "$harness/versions.txt"

[ "$done_any" = 1 ] || echo "nothing generated" >&2
exit $status

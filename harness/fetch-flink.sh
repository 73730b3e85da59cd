#!/usr/bin/env bash
# Download the Flink distributions the harness runs against (PyPI's apache-flink-libraries
# carries lib/, opt/, plugins/ and bin/bash-java-utils.jar; apache-flink carries conf/).
# Everything lands in harness/.cache/ (git-ignored). Idempotent: finished versions are skipped.
#   harness/fetch-flink.sh            # every version in harness/versions.txt
#   harness/fetch-flink.sh 1.20 2.0   # just these release lines
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache="$here/.cache"
mkdir -p "$cache/downloads"
want=("$@")
grep -v '^#' "$here/versions.txt" | while read -r minor patch; do
  [ -n "$minor" ] || continue
  if [ ${#want[@]} -gt 0 ] && [[ ! " ${want[*]} " == *" $minor "* ]]; then continue; fi
  dest="$cache/flink-$minor"
  if [ -f "$dest/.complete" ]; then echo "flink $minor: cached ($patch)"; continue; fi
  echo "flink $minor: downloading $patch"
  rm -rf "$dest" "$cache/downloads/$minor"
  mkdir -p "$dest" "$cache/downloads/$minor"
  python3 -m pip download --quiet --no-deps --no-binary :all: -d "$cache/downloads/$minor" \
    "apache-flink-libraries==$patch" "apache-flink==$patch" >/dev/null 2>&1 ||
  python3 -m pip download --quiet --no-deps -d "$cache/downloads/$minor" \
    "apache-flink-libraries==$patch" "apache-flink==$patch"
  for f in "$cache/downloads/$minor"/*; do
    case "$f" in
      *.tar.gz) tar -xzf "$f" -C "$dest" ;;
      *.whl|*.zip) python3 -m zipfile -e "$f" "$dest" ;;
    esac
  done
  echo "$patch" > "$dest/.complete"
  echo "flink $minor: ready in $dest"
done

#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/<target>/, git-ignored) from the repository's
# fixtures, examples and golden inputs. Idempotent; run from anywhere.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
corpus="$here/corpus"
mkdir -p "$corpus"/{legacy_parser,yaml_loader,sizes_and_durations,calculator,job_reader,log_scanner,manifest_reader}

n=0
seed() { # target file [selector-byte-in-octal]
  local name
  name="$(basename "$(dirname "$2")")-$(basename "$2")"
  if [ -n "${3:-}" ]; then
    { printf "\\$3"; cat "$2"; } > "$corpus/$1/$name"
  else
    cp "$2" "$corpus/$1/$name"
  fi
  n=$((n + 1))
}

while IFS= read -r -d '' f; do
  case "$f" in
    *flink-conf.yaml) seed legacy_parser "$f"; seed calculator "$f" 000 ;;
    *config.yaml) seed yaml_loader "$f"; seed calculator "$f" 001 ;;
  esac
done < <(find "$repo/tests/fixtures" "$repo/examples" -type f -name '*.yaml' -print0)

while IFS= read -r -d '' f; do
  if grep -q '^kind:' "$f"; then seed manifest_reader "$f"; fi
done < <(find "$repo/tests/fixtures" "$repo/examples/kubernetes" -type f -name '*.yaml' -print0)

while IFS= read -r -d '' f; do
  case "$f" in
    *.yaml) seed job_reader "$f" 000 ;;
    *.json) seed job_reader "$f" 001 ;;
    *.toml) seed job_reader "$f" 002 ;;
  esac
done < <(find "$repo/examples/jobs" "$repo/tests/fixtures/plans" "$repo/tests/fixtures/buffers" -type f \( -name '*.yaml' -o -name '*.json' -o -name '*.toml' \) -print0)

while IFS= read -r -d '' f; do
  seed log_scanner "$f"
done < <(find "$repo/tests/fixtures" -type f -name '*.log' -print0)

i=0
for size in 0 1 1b 1k 64kb 1728m 1.5g "2 gb" 1t 9223372036854775807b 18446744073709551616 \
  " 4 mebibytes" 1e3m -1m 10s 5min "1 h" 100ms PT10S 3d; do
  printf '%s' "$size" > "$corpus/sizes_and_durations/seed-$i"
  i=$((i + 1)); n=$((n + 1))
done
echo "seeded $n inputs into $corpus"

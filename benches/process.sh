#!/usr/bin/env bash
# Whole-process benchmarks of the release binary, the figures the README quotes:
#   1. start-up: `flinkmem --version` against `flinkmem calc` (shipped default and a file);
#   2. `flinkmem lint --format concise` over trees of 1,000, 10,000 and 100,000 configuration
#      files (the examples' flink-conf.yaml / config.yaml files, 100 per directory): wall time
#      and peak memory;
#   3. one large file (1 MiB and 8 MiB of options): peak memory against the file's size;
#   4. scaling: files made to stress one code path each (a finding on every line, duplicates,
#      comments, secrets, suppressions, aliases, Kubernetes documents...) at 10,000 and 40,000
#      lines, through lint, show and calc: four times the lines must cost about four times
#      the time (a ratio near 16 would be quadratic).
# Needs hyperfine and GNU time (/usr/bin/time). Scratch trees live under ${TMPDIR:-/tmp}.
#   benches/process.sh            # everything
#   benches/process.sh startup    # only part 1 (also: trees, large, scaling)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
bin="$repo/target/release/flinkmem"
scratch="${TMPDIR:-/tmp}/flinkmem-bench"
what=${1:-all}

command -v hyperfine >/dev/null || { echo "needs hyperfine (cargo install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time" >&2; exit 2; }
(cd "$repo" && cargo build --release --quiet)
mkdir -p "$scratch"

peak() { # command... -> "wall seconds, peak KiB"
  /usr/bin/time -f "%e s, %M KiB" "$@" 2>&1 >/dev/null | tail -1
}

if [ "$what" = all ] || [ "$what" = startup ]; then
  echo "== start-up (hyperfine, 300 runs each)"
  hyperfine -N --warmup 20 --runs 300 \
    "$bin --version" \
    "$bin calc" \
    "$bin calc $repo/examples/session-cluster-1.20/config.yaml"
fi

make_tree() { # files -> directory holding that many configuration files
  local n=$1 dir="$scratch/tree-$1"
  if [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    python3 - "$repo/examples" "$dir" "$n" <<'EOF'
import os, shutil, sys
examples, into, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = sorted(
    os.path.join(examples, d, f)
    for d in os.listdir(examples) if os.path.isdir(os.path.join(examples, d))
    for f in os.listdir(os.path.join(examples, d)) if f in ("flink-conf.yaml", "config.yaml")
)
for i in range(n):
    src = files[i % len(files)]
    target = os.path.join(into, f"{i // 100:05d}", f"{i:07d}")
    os.makedirs(target, exist_ok=True)
    shutil.copy(src, os.path.join(target, os.path.basename(src)))
EOF
    touch "$dir/.complete"
  fi
  echo "$dir"
}

if [ "$what" = all ] || [ "$what" = trees ]; then
  echo "== lint --format concise over a tree (wall time: hyperfine; peak memory: GNU time)"
  for n in 1000 10000 100000; do
    dir=$(make_tree "$n")
    runs=5; [ "$n" -ge 100000 ] && runs=2
    hyperfine -N -i --warmup 1 --runs "$runs" "$bin lint --format concise $dir" 2>/dev/null |
      grep -E "Time|Range" | sed "s/^/  $n files: /"
    echo "  $n files: peak $(peak "$bin" lint --format concise "$dir")"
  done
fi

if [ "$what" = all ] || [ "$what" = large ]; then
  echo "== one large file: peak memory against its size"
  for mib in 1 8; do
    file="$scratch/large-$mib/config.yaml"
    mkdir -p "$(dirname "$file")"
    python3 - "$file" "$mib" <<'EOF'
import sys
path, mib = sys.argv[1], int(sys.argv[2])
with open(path, "w") as f:
    f.write("taskmanager.memory.process.size: 4g\njobmanager.memory.process.size: 2g\n")
    i = 0
    while f.tell() < mib << 20:
        f.write(f"pipeline.global-job-parameters.key{i}: value-{i}\n")
        i += 1
EOF
    echo "  $mib MiB config.yaml, lint: $(peak "$bin" lint --format concise --max-file-size 16m "$file")"
    echo "  $mib MiB config.yaml, calc: $(peak "$bin" calc --max-file-size 16m "$file")"
  done
fi

if [ "$what" = all ] || [ "$what" = scaling ]; then
  echo "== scaling: 10,000 against 40,000 lines (wall s, peak KiB; ratio of the walls)"
  for n in 10000 40000; do
    [ -f "$scratch/scaling-$n/.complete" ] && continue
    python3 "$here/scaling_inputs.py" "$scratch/scaling-$n" "$n"
  done
  measure() { # command... -> "wall peak"
    /usr/bin/time -o "$scratch/time.txt" -f "%e %M" "$@" >/dev/null 2>&1 || true
    tail -1 "$scratch/time.txt"
  }
  for family in $(cd "$scratch/scaling-10000" && ls -d -- */ | tr -d /); do
    small=$(ls "$scratch/scaling-10000/$family"/* | head -1)
    large=$(ls "$scratch/scaling-40000/$family"/* | head -1)
    for command in "lint --format concise" "lint --format human" "show" "calc"; do
      read -r t1 m1 <<<"$(measure "$bin" $command "$small")"
      read -r t4 m4 <<<"$(measure "$bin" $command "$large")"
      ratio=$(python3 -c "print(f'{max($t4, 0.01) / max($t1, 0.01):.1f}')")
      printf "  %-20s %-22s %6s s %8s KiB | %6s s %8s KiB | x%s\n" \
        "$family" "$command" "$t1" "$m1" "$t4" "$m4" "$ratio"
    done
  done
fi

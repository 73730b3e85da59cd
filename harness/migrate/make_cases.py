#!/usr/bin/env python3
"""Writes tests/golden/migrate/cases.jsonl, the input of Migrate.java: one legacy flink-conf.yaml
per line, with what `flinkmem migrate` makes of it for each target release line:

  {"id", "intent", "legacy": "<flink-conf.yaml text>",
   "migrated": {"1.19": "<config.yaml text>" | null, "1.20": ..., "2.0": ..., "2.3": ...}}

The corpus, in this order:
  1. every case of tests/golden/loader/cases.jsonl whose file is flink-conf.yaml (same id);
  2. every flink-conf.yaml and every rule fixture *.flink-conf.yaml under tests/fixtures/ and
     examples/ (id = path relative to the repo root, sorted);
  3. the hand-written cases of harness/migrate/extra_cases.jsonl ({"id", "intent", "legacy"}).

`migrated[M]` comes from the built binary:
  target/release/flinkmem migrate <tmp dir>/flink-conf.yaml --to M -o <tmp dir>/config.yaml \
      --accept-changes --format json
and is the text of the file it writes; null when it refuses (exit 1), rejects the input (exit 2)
or writes nothing. If the binary is missing or has no `migrate` command, every `migrated[M]` is null
and a warning is printed; `--no-flinkmem` does that on purpose.

  python3 harness/migrate/make_cases.py [--no-flinkmem] [--flinkmem PATH]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HERE = os.path.join(ROOT, "harness", "migrate")
LOADER = os.path.join(ROOT, "tests", "golden", "loader", "cases.jsonl")
EXTRA = os.path.join(HERE, "extra_cases.jsonl")
OUT = os.path.join(ROOT, "tests", "golden", "migrate", "cases.jsonl")
BINARY = os.path.join(ROOT, "target", "release", "flinkmem")
SCAN = ["tests/fixtures", "examples"]

LEGACY = "flink-conf.yaml"
TARGETS = ["1.19", "1.20", "2.0", "2.3"]


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def corpus():
    cases = []
    for c in read_jsonl(LOADER):
        if c["file"] == LEGACY:
            cases.append({"id": c["id"], "intent": c["intent"], "legacy": c["text"]})
    found = []
    for top in SCAN:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if name == LEGACY or name.endswith("." + LEGACY):
                    found.append(os.path.relpath(os.path.join(dirpath, name), ROOT))
    for rel in sorted(p.replace(os.sep, "/") for p in found):
        with open(os.path.join(ROOT, rel), "rb") as f:
            text = f.read().decode("utf-8")  # bytes as they are: CRLF and all
        where = "example" if rel.startswith("examples/") else "test fixture"
        cases.append({"id": rel, "intent": "checked-in " + where + " file", "legacy": text})
    for c in read_jsonl(EXTRA):
        cases.append({"id": c["id"], "intent": c["intent"], "legacy": c["legacy"]})
    seen = set()
    for c in cases:
        if c["id"] in seen:
            sys.exit("duplicate case id " + c["id"])
        seen.add(c["id"])
    return cases


def knows_migrate(binary):
    """None if `binary migrate` can be used, else the reason why not."""
    if not os.path.isfile(binary):
        return binary + " does not exist (build it with cargo build --release)"
    try:
        p = subprocess.run([binary, "migrate", "--help"], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=60)
    except OSError as e:
        return "cannot run " + binary + ": " + str(e)
    if p.returncode != 0:
        first = (p.stderr.strip().splitlines() or ["exit status %d" % p.returncode])[0]
        return "the binary has no usable migrate command (" + first + ")"
    return None


def run_migrate(binary, case, target, tmp):
    """flinkmem's config.yaml text for one case and target, or None (refused / nothing written)."""
    path = os.path.join(tmp, LEGACY)
    out = os.path.join(tmp, "config.yaml")
    if os.path.exists(out):
        os.remove(out)
    with open(path, "wb") as f:
        f.write(case["legacy"].encode("utf-8"))
    p = subprocess.run([binary, "migrate", path, "--to", target, "-o", out, "--accept-changes",
                        "--format", "json"], stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=120)
    if p.returncode in (1, 2):
        return None
    if p.returncode != 0:
        print("warning: %s --to %s: flinkmem exited %d: %s" % (
            case["id"], target, p.returncode, p.stderr.decode("utf-8", "replace").strip()[:300]),
            file=sys.stderr)
        return None
    if not os.path.isfile(out):
        return None
    with open(out, "rb") as f:
        return f.read().decode("utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-flinkmem", action="store_true",
                    help="do not run flinkmem; every migrated value is null")
    ap.add_argument("--flinkmem", default=BINARY, help="the flinkmem binary to run")
    args = ap.parse_args()

    cases = corpus()
    use = not args.no_flinkmem
    if use:
        why = knows_migrate(args.flinkmem)
        if why is not None:
            print("warning: " + why + "; every migrated value is null", file=sys.stderr)
            use = False
    given = 0
    with tempfile.TemporaryDirectory(prefix="flinkmem-migrate-cases-") as tmp:
        for c in cases:
            c["migrated"] = {}
            for t in TARGETS:
                c["migrated"][t] = run_migrate(args.flinkmem, c, t, tmp) if use else None
                given += c["migrated"][t] is not None
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=True) + "\n")
    print("migrate cases: %d (%d migrated texts from flinkmem) -> %s" % (
        len(cases), given, os.path.relpath(OUT, ROOT)), file=sys.stderr)


if __name__ == "__main__":
    main()

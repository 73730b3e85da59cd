#!/usr/bin/env python3
"""Summarise where the golden outputs differ between consecutive Flink versions.

  python3 harness/oracle/diff_versions.py            # loader + values
  python3 harness/oracle/diff_versions.py loader     # just one kind

Lines are matched by id (loader) or by (op, input) (values); the "meta" op is ignored.
"""
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def minors():
    out = []
    with open(os.path.join(ROOT, "harness", "versions.txt")) as f:
        for line in f:
            p = line.split()
            if p and not p[0].startswith("#"):
                out.append(p[0])
    return out


def load(kind, minor):
    path = os.path.join(ROOT, "tests", "golden", kind, "flink-%s.jsonl" % minor)
    if not os.path.exists(path):
        return None
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if kind == "loader":
                rows[r["id"]] = {k: v for k, v in r.items() if k != "id"}
            else:
                if r["op"] == "meta":
                    continue
                key = json.dumps([r["op"], r["input"]], sort_keys=True)
                if "skipped" in r:
                    continue
                res = {k: v for k, v in r.items() if k not in ("op", "input", "legacy")}
                rows[key] = res
                if "legacy" in r:
                    # 1.19/1.20 only: the same conversion with a legacy-mode Configuration
                    rows["legacy-mode " + key] = r["legacy"]
    return rows


def short(v, n=300):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= n else s[:n] + "..."


def main():
    kinds = sys.argv[1:] or ["loader", "values"]
    for kind in kinds:
        prev_minor, prev = None, None
        for m in minors():
            cur = load(kind, m)
            if cur is None:
                continue
            if kind == "values":
                for k in [k for k in cur if k.startswith("legacy-mode ")]:
                    std = cur[k[len("legacy-mode "):]]
                    std = {x: y for x, y in std.items() if x != "stored"}
                    if cur[k] != std:
                        print("== %s %s: legacy-mode Configuration differs from standard" % (kind, m))
                        print("  %s" % k[len("legacy-mode "):])
                        print("    standard: %s" % short(std))
                        print("    legacy:   %s" % short(cur[k]))
            if prev is not None:
                # legacy-mode rows compare against the previous version's only mode, too
                if kind == "values" and not any(k.startswith("legacy-mode ") for k in prev):
                    for k in [k for k in cur if k.startswith("legacy-mode ")]:
                        base = k[len("legacy-mode "):]
                        if base in prev and prev[base] != cur[k]:
                            print("== %s %s (only mode) -> %s legacy mode differs: %s" % (
                                kind, prev_minor, m, base))
                common = [k for k in cur if k in prev]
                diffs = [k for k in common if cur[k] != prev[k]]
                print("== %s %s -> %s: %d common, %d differ, %d only in %s, %d only in %s" % (
                    kind, prev_minor, m, len(common), len(diffs),
                    len(set(prev) - set(cur)), prev_minor, len(set(cur) - set(prev)), m))
                for k in diffs:
                    print("  %s" % k)
                    print("    %s: %s" % (prev_minor, short(prev[k])))
                    print("    %s: %s" % (m, short(cur[k])))
            prev_minor, prev = m, cur


if __name__ == "__main__":
    main()

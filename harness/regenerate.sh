#!/usr/bin/env bash
# Regenerate every piece of golden data and the option catalog from Flink's own jars.
# Needs Java 17 and Python 3 (for pip); downloads go to harness/.cache/ (git-ignored).
#   harness/regenerate.sh            # all versions in harness/versions.txt
#   harness/regenerate.sh 1.20 2.3   # just these release lines
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/fetch-flink.sh" "$@"
"$here/catalog/generate.sh" "$@"
"$here/oracle/generate.sh" "$@"
"$here/memory/generate.sh" "$@"
"$here/kubernetes/generate.sh"
"$here/network/generate.sh" "$@"
"$here/plans/generate.sh" "$@"
"$here/migrate/generate.sh" "$@"
echo "regenerated; review with: git diff --stat src/catalog/data tests/golden tests/fixtures/plans"

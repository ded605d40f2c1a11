#!/usr/bin/env bash
# The first command of the README: set up what is missing, build, and run the sample job
# (depeche.yaml: seeds/ through every stage, written to out/seeds.jsonl and out/seeds.sqlite).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
swift build -c release --product depeche
status=0
.build/release/depeche run "$@" || status=$?
echo "demo: the export is out/seeds.jsonl and the store out/seeds.sqlite, failures (if any) in out/seeds.failures.jsonl"
if [[ -f ../shared/eval/score.py && -f ../shared/gold/seeds.gold.jsonl ]]; then
  python3 ../shared/eval/score.py --gold ../shared/gold/seeds.gold.jsonl --pred out/seeds.jsonl | tail -n 1
fi
exit $status

#!/bin/sh
# Measures the entities stage as docs/entities.md reports it:
#
#     scripts/measure-entities.sh          # WiNER-fr held-out documents and CoNLL-2003 eng.testa
#
# Builds depeche in release mode, holds out every tenth WiNER document as scripts/train-entities.sh
# does (those documents are never trained on), converts each gold file with
# ../shared/eval/convert.py, runs it through `fetch, normalize, entities, export` and scores the
# export with ../shared/eval/score.py (its last line is the summary). NER_TRAIN and EVAL name the
# folders of the corpora and of the scripts (default: ../shared/ner-train and ../shared/eval).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
data=${NER_TRAIN:-$root/../shared/ner-train}
eval=${EVAL:-$root/../shared/eval}
work=${TMPDIR:-/tmp}/depeche-measure-entities
mkdir -p "$work"
cd "$root"
# shellcheck disable=SC2086
swift build -c release --product depeche ${SWIFT_BUILD_FLAGS:-}
# shellcheck disable=SC2086
depeche="$(swift build -c release --product depeche --show-bin-path ${SWIFT_BUILD_FLAGS:-})/depeche"

awk -v dev="$work/winer.dev" '
    /^-DOCSTART-/ { document++ }
    document % 10 == 9 { print > dev }
' "$data/winer-fr/winer-fr.conll"

cat >"$work/entities.yaml" <<'YAML'
stages:
  - fetch
  - normalize
  - entities
  - export
YAML

measure() { # NAME CONLL
    python3 "$eval/convert.py" conll "$2" "$work/$1" >/dev/null
    "$depeche" run "$work/entities.yaml" -q --input "$work/$1.input.jsonl" --output "$work/$1.out.jsonl" || true
    echo "$1: $(python3 "$eval/score.py" --gold "$work/$1.gold.jsonl" --pred "$work/$1.out.jsonl" | tail -1)"
}

measure winer-fr-heldout "$work/winer.dev"
measure conll2003-en-testa "$data/conll2003-en/eng.testa"

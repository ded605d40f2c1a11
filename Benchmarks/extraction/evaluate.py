#!/usr/bin/env python3
"""Body-extraction scores of Depeche's normalize stage, side by side with trafilatura.

Reads CleanEval and CleanPortalEval from ../shared/evaldata at run time (nothing is copied into
the repository), runs `depeche run` (fetch, normalize, export) over each input folder, runs
trafilatura on the same pages, and prints token precision, recall and F1: bag of words (the
multiset of \\w+ tokens, lower-cased) of the extracted text against the gold text, as the
ScrapingHub article-extraction benchmark does. Work files go to /tmp/depeche-extraction-eval.

    python3 Benchmarks/extraction/evaluate.py                       # both sets, both tools
    python3 Benchmarks/extraction/evaluate.py --depeche .build/release/depeche --no-trafilatura
    /tmp/traf/bin/python Benchmarks/extraction/evaluate.py          # with trafilatura installed

Splits: CleanEval dev = cleaneval-dev (58 pages), test = cleaneval-final (681 pages with gold).
CleanPortalEval has no split of its own: dev = pages with an odd number, test = even numbers.
"""
import argparse
import collections
import html
import json
import os
import re
import subprocess
import sys
import time

TOKEN = re.compile(r"\w+", re.UNICODE)
MARKER = re.compile(r"^\s*<[phl]>", re.MULTILINE)
WORK = "/tmp/depeche-extraction-eval"


def gold_text(path):
    with open(path, "rb") as handle:
        raw = handle.read().decode("utf-8-sig", errors="replace")
    lines = raw.splitlines()
    while lines and (not lines[0].strip() or lines[0].startswith("URL:")):
        lines = lines[1:]
    return html.unescape(MARKER.sub("", "\n".join(lines)))


def tokens(text):
    return collections.Counter(token.lower() for token in TOKEN.findall(text or ""))


def score(predicted, gold):
    """(precision, recall, f1, common, predicted count, gold count) of two bags of words."""
    common = sum((predicted & gold).values())
    p_count, g_count = sum(predicted.values()), sum(gold.values())
    precision = common / p_count if p_count else (1.0 if not g_count else 0.0)
    recall = common / g_count if g_count else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, common, p_count, g_count


def pages(shared):
    """(set, part, id, html path, gold path) for every page with a gold file."""
    result = []
    base = os.path.join(shared, "evaldata", "cleaneval")
    for folder, part in (("cleaneval-dev", "dev"), ("cleaneval-final", "test")):
        inputs = os.path.join(base, folder, "input")
        for name in sorted(os.listdir(inputs)):
            stem = name.rsplit(".", 1)[0]
            gold = os.path.join(base, folder, "GoldStandard", stem + ".txt")
            if os.path.exists(gold):
                result.append(("cleaneval", part, f"{part}-{stem}", os.path.join(inputs, name), gold))
    base = os.path.join(shared, "evaldata", "cleanportaleval")
    for name in sorted(os.listdir(os.path.join(base, "input"))):
        stem = name.rsplit(".", 1)[0]
        gold = os.path.join(base, "GoldStandard", stem + ".txt")
        if os.path.exists(gold):
            number = int(re.search(r"(\d+)$", stem).group(1))
            part = "dev" if number % 2 else "test"
            result.append(("cleanportaleval", part, stem, os.path.join(base, "input", name), gold))
    return result


def depeche_records(binary, pages, work):
    """Exported records by page id, through `depeche run` (fetch, normalize, export) over a folder
    of symbolic links to `pages` ((page id, HTML path) pairs; nothing is copied), and the seconds
    the run took. Work files go to `work`."""
    folder = os.path.join(work, "input")
    os.makedirs(folder, exist_ok=True)
    for entry in os.listdir(folder):
        os.remove(os.path.join(folder, entry))
    for page_id, path in pages:
        os.symlink(path, os.path.join(folder, page_id + ".html"))
    config = os.path.join(work, "extraction.yaml")
    output = os.path.join(work, "depeche.jsonl")
    with open(config, "w") as handle:
        handle.write(
            f"inputs: [{folder}]\noutput: {output}\n"
            "stages:\n  - stage: fetch\n    options: {follow_links: true}\n  - normalize\n  - export\n"
        )
    started = time.monotonic()
    subprocess.run([binary, "run", "--quiet", "--restart", config], check=False)
    elapsed = time.monotonic() - started
    with open(output) as handle:
        records = [json.loads(line) for line in handle]
    return {record["id"]: record for record in records}, elapsed


def run_depeche(binary, items):
    """Texts by page id, and the seconds of the run."""
    records, elapsed = depeche_records(binary, [(page_id, path) for _, _, page_id, path, _ in items], WORK)
    return {page_id: record.get("text", "") for page_id, record in records.items()}, elapsed


def run_trafilatura(items):
    import trafilatura  # noqa: PLC0415 (optional dependency)

    cache = os.path.join(WORK, f"trafilatura-{trafilatura.__version__}.json")
    if os.path.exists(cache):
        with open(cache) as handle:
            stored = json.load(handle)
        if all(page_id in stored["texts"] for _, _, page_id, _, _ in items):
            return stored["texts"], stored["seconds"], trafilatura.__version__
    texts = {}
    started = time.monotonic()
    for _, _, page_id, path, _ in items:
        with open(path, "rb") as handle:
            texts[page_id] = trafilatura.extract(handle.read()) or ""
    elapsed = time.monotonic() - started
    with open(cache, "w") as handle:
        json.dump({"texts": texts, "seconds": elapsed}, handle)
    return texts, elapsed, trafilatura.__version__


def report(name, items, texts, golds):
    print(f"\n{name}")
    print(f"  {'set':<16}{'part':<6}{'pages':>6}{'P':>8}{'R':>8}{'F1':>8}   (macro; micro F1)")
    groups = collections.defaultdict(list)
    for set_name, part, page_id, _, _ in items:
        result = score(tokens(texts.get(page_id, "")), golds[page_id])
        groups[(set_name, part)].append(result)
        groups[(set_name, "all")].append(result)
    for (set_name, part), results in sorted(groups.items()):
        count = len(results)
        precision = sum(r[0] for r in results) / count
        recall = sum(r[1] for r in results) / count
        f1 = sum(r[2] for r in results) / count
        common, predicted, gold = (sum(r[i] for r in results) for i in (3, 4, 5))
        micro_p, micro_r = common / max(predicted, 1), common / max(gold, 1)
        micro = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0
        print(f"  {set_name:<16}{part:<6}{count:>6}{precision:>8.3f}{recall:>8.3f}{f1:>8.3f}   {micro:.3f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "../../../shared"))
    parser.add_argument("--depeche", default=".build/release/depeche")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--part", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where Depeche does worst")
    arguments = parser.parse_args()
    os.makedirs(WORK, exist_ok=True)
    items = [item for item in pages(os.path.abspath(arguments.shared)) if arguments.part in ("all", item[1])]
    golds = {page_id: tokens(gold_text(gold)) for _, _, page_id, _, gold in items}

    texts = {}
    if os.path.exists(arguments.depeche):
        texts, seconds = run_depeche(arguments.depeche, items)
        report(f"depeche ({len(items)} pages, whole run {seconds:.1f} s)", items, texts, golds)
    else:
        print(f"{arguments.depeche} not found: build it with swift build -c release --product depeche", file=sys.stderr)
    if not arguments.no_trafilatura:
        try:
            other, _, version = run_trafilatura(items)
            report(f"trafilatura {version} (default settings; speed: trafilatura_speed.py)", items, other, golds)
        except ImportError:
            print("\ntrafilatura is not installed: run with /tmp/traf/bin/python (see the docstring)", file=sys.stderr)
    if arguments.worst:
        ranked = sorted(
            (score(tokens(texts.get(page_id, "")), golds[page_id]), page_id) for _, _, page_id, _, _ in items
        )
        for result, page_id in ranked[: arguments.worst]:
            print(f"  {page_id:<32} P {result[0]:.2f} R {result[1]:.2f} F1 {result[2]:.2f}")


if __name__ == "__main__":
    main()

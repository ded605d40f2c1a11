#!/usr/bin/env python3
"""Body and metadata extraction of Depeche's normalize stage on recent web pages, beside trafilatura.

Reads ../shared/evaldata/readability-testpages at run time (nothing is copied into the repository):
130 pages saved from today's sites, each with the article a reader view keeps (`expected.html`)
and its metadata (`expected-metadata.json`). Runs `depeche run` (fetch, normalize, export) over
the pages and trafilatura on the same pages, then prints, for both tools with the same scorer:

- token precision, recall and F1 of the body (bag of \\w+ tokens, lower-cased, per page, averaged
  over the article pages: those whose metadata says `"readerable": true`);
- the pages not articles (`"readerable": false`): how many words each tool kept there;
- the worst pages (`--worst N`, 15 by default) with their scores and, for Depeche, the
  `extraction-*` diagnostics that say which strategy won;
- metadata accuracy on the pages whose gold has the field: title, byline, published day,
  site name and language (how each is compared is in `metadata_checks`).

    python3 Benchmarks/extraction/readability.py --depeche .build/debug/depeche --no-trafilatura
    /tmp/traf/bin/python Benchmarks/extraction/readability.py    # with trafilatura 2.3.1 installed

Work files go to /tmp/depeche-readability-eval.
"""
import argparse
import collections
import html.parser
import json
import os
import re
import sys
import unicodedata

from evaluate import TOKEN, depeche_records, tokens
from evaluate import score as bag_score

WORK = "/tmp/depeche-readability-eval"
BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
    "tr", "td", "th", "section", "article", "figure", "figcaption", "dl", "dt", "dd", "hr", "header", "footer",
}


class _Text(html.parser.HTMLParser):
    """The visible text of an HTML fragment, a line break at every block element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(markup):
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return re.sub(r"\n\s*\n+", "\n\n", "".join(parser.parts)).strip()


def score(predicted, gold):
    """(precision, recall, f1) of two bags of words."""
    return bag_score(predicted, gold)[:3]


def pages(shared):
    base = os.path.join(shared, "evaldata", "readability-testpages")
    result = []
    for name in sorted(os.listdir(base)):
        folder = os.path.join(base, name)
        if not os.path.isdir(folder):
            continue
        with open(os.path.join(folder, "expected-metadata.json")) as handle:
            metadata = json.load(handle)
        with open(os.path.join(folder, "expected.html"), encoding="utf-8", errors="replace") as handle:
            gold = visible_text(handle.read())
        result.append({"id": name, "html": os.path.join(folder, "source.html"), "gold": gold, "meta": metadata})
    return result


# MARK: Running the tools


def run_depeche(binary, items):
    """The fields scored, by page id, and the seconds of the run."""
    records, elapsed = depeche_records(binary, [(item["id"], item["html"]) for item in items], WORK)
    fields = {}
    for page_id, record in records.items():
        fields[page_id] = {
            "text": record.get("text", ""),
            "title": record.get("title", ""),
            "authors": record.get("authors", []),
            "published": record.get("published", ""),
            "site_name": record.get("site_name", ""),
            "language": record.get("language", ""),
            "notes": [
                d["code"] + ": " + d["message"]
                for d in record.get("diagnostics", [])
                if d["code"].startswith("extraction") or d["code"] == "empty-document"
            ],
        }
    return fields, elapsed


def run_trafilatura(items):
    import trafilatura  # noqa: PLC0415 (optional dependency)

    cache = os.path.join(WORK, f"trafilatura-{trafilatura.__version__}.json")
    if os.path.exists(cache):
        with open(cache) as handle:
            stored = json.load(handle)
        if all(item["id"] in stored for item in items):
            return stored, trafilatura.__version__
    records = {}
    for item in items:
        with open(item["html"], "rb") as handle:
            raw = handle.read()
        document = trafilatura.bare_extraction(raw, with_metadata=True)
        values = document.as_dict() if hasattr(document, "as_dict") else (document or {})
        author = values.get("author") or ""
        records[item["id"]] = {
            "text": values.get("text") or "",
            "title": values.get("title") or "",
            "authors": [name.strip() for name in author.split(";") if name.strip()],
            "published": values.get("date") or "",
            "site_name": values.get("sitename") or "",
            "language": values.get("language") or "",
            "notes": [],
        }
    with open(cache, "w") as handle:
        json.dump(records, handle)
    return records, trafilatura.__version__


# MARK: Metadata


def normalized(text):
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[\u2018\u2019\u201a\u201b]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u00ab\u00bb]", '"', text)
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return " ".join(text.split())


def word_set(text, drop=()):
    return {word for word in TOKEN.findall(normalized(text)) if word not in drop}


BYLINE_WORDS = {"by", "par", "von", "por", "di", "de", "da", "and", "et", "und", "y", "e", "written", "posted"}


SEPARATOR = re.compile(r" (?:\||-|–|—|::|·|•|»|/|:) ")


def trimmed(title):
    """`title` and its variants with one separator-delimited part taken off the start or the end."""
    variants = {title}
    for match in SEPARATOR.finditer(title):
        variants.add(title[: match.start()].strip())
        variants.add(title[match.end():].strip())
    return {variant for variant in variants if variant}


def title_matches(predicted, gold):
    """The same title once case, quotes, dashes and white space are normalized, or once a site's
    name (a part after a separator, at either end) is taken off one of them; or the same words
    but for one in five."""
    ours, theirs = normalized(predicted), normalized(gold)
    if not ours:
        return False
    if ours == theirs or ours in trimmed(theirs) or theirs in trimmed(ours):
        return True
    ours_words, their_words = word_set(predicted), word_set(gold)
    common = len(ours_words & their_words)
    return bool(their_words) and common / len(ours_words) >= 0.8 and common / len(their_words) >= 0.8


def byline_matches(predicted, gold):
    """Every name the tool gives appears in the gold byline, and they cover most of its words."""
    theirs = word_set(gold, BYLINE_WORDS)
    ours = set().union(*(word_set(name, BYLINE_WORDS) for name in predicted)) if predicted else set()
    if not ours or not theirs:
        return False
    common = len(ours & theirs)
    return common / len(ours) >= 0.8 and common / len(theirs) >= 0.5


def published_matches(predicted, gold):
    return bool(predicted) and predicted[:10] == gold[:10]


def metadata_checks(record, meta):
    """(field, correct) for each field the gold gives."""
    checks = []
    if meta.get("title"):
        checks.append(("title", title_matches(record["title"], meta["title"])))
    if meta.get("byline"):
        checks.append(("byline", byline_matches(record["authors"], meta["byline"])))
    if meta.get("publishedTime"):
        checks.append(("published", published_matches(record["published"], meta["publishedTime"])))
    if meta.get("siteName"):
        checks.append(("site name", normalized(record["site_name"]) == normalized(meta["siteName"])))
    if meta.get("lang"):
        checks.append(("language", record["language"].split("-")[0].lower() == meta["lang"].split("-")[0].lower()))
    return checks


# MARK: Report


def report(name, items, records, worst):
    articles = [item for item in items if item["meta"].get("readerable", True)]
    others = [item for item in items if not item["meta"].get("readerable", True)]
    results = []
    for item in articles:
        record = records.get(item["id"], {"text": ""})
        results.append((score(tokens(record["text"]), tokens(item["gold"])), item["id"]))
    count = len(results)
    precision = sum(r[0][0] for r in results) / count
    recall = sum(r[0][1] for r in results) / count
    f1 = sum(r[0][2] for r in results) / count
    print(f"\n{name}")
    print(f"  articles {count}: P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}")
    below = [page for result, page in results if result[2] < 0.5]
    empty = [page for page in (item["id"] for item in articles) if not tokens(records.get(page, {}).get("text"))]
    print(f"  article pages below F1 0.5: {len(below)}{' (' + ', '.join(below) + ')' if below else ''}")
    print(f"  article pages with no text: {len(empty)}{' (' + ', '.join(empty) + ')' if empty else ''}")
    kept = [sum(tokens(records.get(item["id"], {}).get("text")).values()) for item in others]
    gold = [sum(tokens(item["gold"]).values()) for item in others]
    print(f"  pages not articles {len(others)}: words kept {kept} (gold {gold})")
    fields = collections.defaultdict(list)
    for item in items:
        for field, correct in metadata_checks(records.get(item["id"], collections.defaultdict(str)), item["meta"]):
            fields[field].append(correct)
    print("  metadata: " + "  ".join(f"{f} {sum(v) / len(v):.3f} ({sum(v)}/{len(v)})" for f, v in fields.items()))
    if worst:
        print(f"  worst {worst}:")
        for result, page in sorted(results, key=lambda pair: (pair[0][2], pair[1]))[:worst]:
            notes = "; ".join(records.get(page, {}).get("notes", []))
            print(f"    {page:<34} P {result[0]:.2f} R {result[1]:.2f} F1 {result[2]:.2f}  {notes[:110]}")
    return f1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "../../../shared"))
    parser.add_argument("--depeche", default=".build/release/depeche")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--worst", type=int, default=15, help="list the N article pages where each tool does worst")
    parser.add_argument("--metadata-errors", action="store_true", help="list Depeche's metadata mistakes")
    parser.add_argument("--page", action="append", default=[], help="only these pages (repeatable)")
    arguments = parser.parse_args()
    os.makedirs(WORK, exist_ok=True)
    items = pages(os.path.abspath(arguments.shared))
    if arguments.page:
        items = [item for item in items if item["id"] in arguments.page]
    if os.path.exists(arguments.depeche):
        records, seconds = run_depeche(arguments.depeche, items)
        report(f"depeche ({len(items)} pages, whole run {seconds:.1f} s)", items, records, arguments.worst)
        if arguments.metadata_errors:
            for item in items:
                record = records.get(item["id"])
                for field, correct in metadata_checks(record, item["meta"]) if record else []:
                    if not correct:
                        key = {"byline": "authors", "site name": "site_name"}.get(field, field)
                        gold_key = {"byline": "byline", "title": "title", "published": "publishedTime",
                                    "site name": "siteName", "language": "lang"}[field]
                        print(f"    {item['id']:<30} {field:<10} {record[key]!r} / gold {item['meta'][gold_key]!r}")
    else:
        print(f"{arguments.depeche} not found: build it with swift build -c release --product depeche", file=sys.stderr)
    if not arguments.no_trafilatura:
        try:
            other, version = run_trafilatura(items)
            report(f"trafilatura {version} (bare_extraction, default settings)", items, other, arguments.worst)
        except ImportError:
            print("\ntrafilatura is not installed: run with /tmp/traf/bin/python (see the docstring)", file=sys.stderr)


if __name__ == "__main__":
    main()

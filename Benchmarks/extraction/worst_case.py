#!/usr/bin/env python3
"""Time of the slowest single pages through `depeche run` (fetch, normalize, export), one process per page.

Generates pathological pages in /tmp/depeche-worst-case (deep nesting, a huge page, a page of tiny
elements, one enormous text node, a table soup) and, with --shared, also times the largest pages of
CleanEval and CleanPortalEval. Each figure includes the process start (about 20 ms).

    python3 Benchmarks/extraction/worst_case.py --depeche .build/release/depeche
"""
import argparse
import os
import subprocess
import time

WORK = "/tmp/depeche-worst-case"


def generated():
    paragraph = "<p>The council discussed the harbour, the schools and the roads, in that order, for hours.</p>"
    return {
        "deep-nesting-100k": "<html><body>" + "<div><span>" * 100_000 + "deep text" + "</span></div>" * 100_000
        + "<p>after</p></body></html>",
        "huge-10MB": "<html><body><article>" + paragraph * 110_000 + "</article></body></html>",
        "tiny-elements-1M": "<html><body>" + "<b>x</b>" * 1_000_000 + "</body></html>",
        "one-text-node-15MB": "<html><body><p>" + "word " * 3_000_000 + "</p></body></html>",
        "table-soup": "<html><body><table>" + ("<tr>" + "<td><a href='/x'>link</a> text, more</td>" * 50 + "</tr>") * 2000
        + "</table></body></html>",
    }


def run(binary, path):
    output = os.path.join(WORK, "out.jsonl")
    config = os.path.join(WORK, "one.yaml")
    with open(config, "w") as handle:
        handle.write(f"inputs: [{path}]\noutput: {output}\nstages: [fetch, normalize, export]\n")
    started = time.monotonic()
    subprocess.run([binary, "run", "--quiet", config], check=False)
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--depeche", default=".build/release/depeche")
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "../../../shared"))
    parser.add_argument("--largest", type=int, default=5, help="also time the N largest evaluation pages")
    arguments = parser.parse_args()
    os.makedirs(WORK, exist_ok=True)
    rows = []
    for name, html in generated().items():
        path = os.path.join(WORK, name + ".html")
        with open(path, "w") as handle:
            handle.write(html)
        rows.append((name, os.path.getsize(path), run(arguments.depeche, path)))
    folders = [
        os.path.join(arguments.shared, "evaldata/cleaneval/cleaneval-final/input"),
        os.path.join(arguments.shared, "evaldata/cleanportaleval/input"),
    ]
    pages = [os.path.join(folder, name) for folder in folders if os.path.isdir(folder) for name in os.listdir(folder)]
    for path in sorted(pages, key=os.path.getsize, reverse=True)[: arguments.largest]:
        rows.append((os.path.basename(path), os.path.getsize(path), run(arguments.depeche, path)))
    print(f"{'page':<28}{'bytes':>12}{'seconds':>10}")
    for name, size, seconds in rows:
        print(f"{name:<28}{size:>12}{seconds:>10.3f}")


if __name__ == "__main__":
    main()

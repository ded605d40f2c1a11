#!/usr/bin/env python3
"""Pages per second of trafilatura.extract on one core, over an input folder (read at run time).

    /tmp/traf/bin/python Benchmarks/extraction/trafilatura_speed.py ../shared/evaldata/cleanportaleval/input
"""
import os
import sys
import time

import trafilatura

folder = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
pages = []
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        pages.append(handle.read())
trafilatura.extract(pages[0])  # warm up (imports, caches)
best = float("inf")
for _ in range(rounds):
    started = time.process_time()
    for page in pages:
        trafilatura.extract(page)
    best = min(best, time.process_time() - started)
print(f"trafilatura {trafilatura.__version__}: {len(pages) / best:.1f} pages/s (CPU time, best of {rounds}) over {len(pages)} pages of {folder}")

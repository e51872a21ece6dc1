"""Time each public page kind in-process, uncached, in production mode.

Renders every page kind many times through Django's test client against the
database in DATABASE_URL (an archive from `generate_archive`) and prints the median
milliseconds per request and the queries per request. `--profile KIND` prints a
pyinstrument profile of that page instead (pip install pyinstrument into the venv);
`--cpu-profile KIND` a cProfile of it on this process's CPU clock, which waits for a
core on a busy machine do not inflate.

    DATABASE_URL=postgres://... .venv/bin/python bench/profile_pages.py [--runs 50]
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.update(
    DEBUG="0",
    SECRET_KEY="profile",
    ALLOWED_HOSTS="127.0.0.1",
    SECURE_SSL_REDIRECT="0",
    PAGE_CACHE_SECONDS="0",
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.run import FIND_URLS, PAGE_KINDS  # noqa: E402
from newsroom.page_cache import GENERATION_KEY  # noqa: E402

SITEMAPS = {
    "sitemap people": "/sitemap-personen.xml",
    "sitemap tags": "/sitemap-themen.xml",
    "sitemap pieces": "/sitemap-artikel.xml",
}


def sample_urls():
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(FIND_URLS, {})
    urls = json.loads(printed.getvalue())
    readers = {kind: url for kind, url in urls.items() if kind in PAGE_KINDS}
    return readers | SITEMAPS


def time_page(client, url, runs):
    """Median wall-clock and least CPU milliseconds of this process per request.

    On a shared machine the fastest CPU time is the steadier figure; the wall time
    adds the database's share and any wait for a core.
    """
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, HTTP_HOST="127.0.0.1")
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, HTTP_HOST="127.0.0.1")
    return statistics.median(wall) * 1000, min(cpu) * 1000, len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", help="a page kind to profile with pyinstrument")
    parser.add_argument("--cpu-profile", help="a page kind to profile with cProfile")
    parser.add_argument("--only", help="comma-separated page kinds")
    options = parser.parse_args()
    # A new content generation: the cache may hold fragments of another database.
    cache.delete(GENERATION_KEY)
    client = Client()
    urls = sample_urls()
    if options.only:
        urls = {kind: urls[kind] for kind in options.only.split(",")}
    if options.profile:
        from pyinstrument import Profiler

        url = urls[options.profile]
        client.get(url, HTTP_HOST="127.0.0.1")
        with Profiler(interval=0.0002) as profiler:
            for _ in range(options.runs):
                client.get(url, HTTP_HOST="127.0.0.1")
        print(profiler.output_text(unicode=True, show_all=False))
        return
    if options.cpu_profile:
        url = urls[options.cpu_profile]
        client.get(url, HTTP_HOST="127.0.0.1")
        profiler = cProfile.Profile(time.process_time)
        with profiler:
            for _ in range(options.runs):
                client.get(url, HTTP_HOST="127.0.0.1")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        return
    print("| page | path | median ms | least CPU ms | queries |")
    print("| --- | --- | ---: | ---: | ---: |")
    for kind, url in urls.items():
        client.get(url, HTTP_HOST="127.0.0.1")  # warm the template cache
        wall, cpu, queries = time_page(client, url, options.runs)
        print(
            f"| {kind} | `{url[:50]}` | {wall:.1f} | {cpu:.1f} | {queries} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

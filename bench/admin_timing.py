"""Time the admin pages the issue names, in-process, on the database of DATABASE_URL.

Uses Django's test client logged in as a superuser ("bench"), so the figures are
the service time of one request without network or queueing (bench/run.py measures
the same pages under gunicorn and wrk). Needs an archive from generate_archive.

    DATABASE_URL=postgres://... DEBUG=0 SECRET_KEY=x \\
        ALLOWED_HOSTS=testserver SECURE_SSL_REDIRECT=0 \\
        .venv/bin/python bench/admin_timing.py [--requests 50] [--profile KIND]

--profile KIND prints the queries of one request of that kind with their times,
then runs it under cProfile and prints where the time goes.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from articles.models import Article, Byline  # noqa: E402
from people.models import User  # noqa: E402

LIST = "/admin/articles/article/"


def sample_urls():
    """A URL of each kind; the change form is of a piece with many inline rows."""
    published = Article.objects.published()
    article = (
        published.annotate(
            n_bylines=Count("bylines", distinct=True),
            n_mentions=Count("mentions", distinct=True),
            n_tags=Count("tags", distinct=True),
        )
        .filter(n_bylines=3, n_mentions__gte=12, n_tags__gte=7)
        .order_by("pk")
        .first()
    ) or published.order_by("pk").first()
    word = max(article.headline.split(), key=len).strip("„“:,.?!")
    tag = article.tags.order_by("pk").first()
    author = Byline.objects.filter(article=article).first().person
    return {
        "list, status and search": f"{LIST}?status=published&q={word}",
        "list, tag": f"{LIST}?tag={tag.slug}",
        "list, author": f"{LIST}?author={author.pk}",
        "change form": f"{LIST}{article.pk}/change/",
        "person autocomplete": "/admin/autocomplete/?app_label=articles"
        f"&model_name=byline&field_name=person&term={author.name[:4]}",
    }


def time_requests(client, url, count):
    """Median and p99 wall-clock time, and the median CPU time of this process
    (on SQLite that includes the database)."""
    times, cpu_times = [], []
    for _ in range(count):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return statistics.median(times), p99, statistics.median(cpu_times)


class CountQueries:
    def __init__(self, queries):
        self.queries = queries

    def __call__(self, execute, sql, params, many, context):
        self.queries.append(sql)
        return execute(sql, params, many, context)


def timed_query(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        took = (time.perf_counter() - started) * 1000
        print(f"{took:7.1f} ms  {sql[:300]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--profile", help="a page kind to run under cProfile")
    options = parser.parse_args()
    user, _ = User.objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    urls = sample_urls()
    print(f"{Article.objects.count():,} pieces on {connection.vendor}")
    if options.profile:
        url = urls[options.profile]
        client.get(url)
        with connection.execute_wrapper(timed_query):
            client.get(url)
        profile = cProfile.Profile()
        profile.runcall(lambda: [client.get(url) for _ in range(5)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return
    print("| page | path | queries | p50 ms | p99 ms | CPU p50 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for kind, url in urls.items():
        client.get(url)  # warm the caches of the process, as a server would be
        queries = []
        with connection.execute_wrapper(CountQueries(queries)):
            client.get(url)
        p50, p99, cpu = time_requests(client, url, options.requests)
        print(
            f"| {kind} | `{url}` | {len(queries)} | {p50:.0f} | {p99:.0f} | {cpu:.0f} |"
        )


if __name__ == "__main__":
    main()

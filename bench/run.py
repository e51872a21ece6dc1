"""Load-test the readers' site and the admin at several archive sizes (`make bench`).

For each database (a SQLite file, PostgreSQL) and archive size it builds a synthetic
archive with `manage.py generate_archive`, serves the site under gunicorn in
production mode on 127.0.0.1 and loads every page kind with wrk from a second
process. The reference in the same run is the article page's bytes saved to a file
and served by a bare WhiteNoise app under the same gunicorn: the limit of the
machine. Each page is measured in several rounds; the results are medians with
their spread (lowest–highest round), written to bench/RESULTS.md.

    .venv/bin/python bench/run.py [--sizes 1000,10000,100000] [--rounds 3]
        [--duration 10] [--databases sqlite,postgresql] [--modes uncached,cached]

Each page is measured uncached (PAGE_CACHE_SECONDS=0) and cached (the page cache in
Redis database 12), both against the same reference rounds.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
LUA = REPO / "bench" / "percentiles.lua"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
CACHE_URL = "redis://127.0.0.1:6379/12"
PAGE_KINDS = [
    "home",
    "article",
    "person",
    "tag",
    "section",
    "archive",
    "search",
    "feed",
    "sitemap",
]
ADMIN_KINDS = ["admin list", "admin change form", "person autocomplete"]
# The one-line Python that finds a sample URL of each kind in the generated archive.
FIND_URLS = """
import json
from django.db.models import Count
from django.utils import timezone
from articles.models import Article, Section, Tag
from people.models import Person
published = Article.objects.published()
article = published.order_by("-publish_at")[published.count() // 2]
person = Person.objects.filter(mentions__article__in=published).annotate(
    n=Count("mentions")).order_by("-n", "pk").first()
tag = article.tags.order_by("pk").first()
local = timezone.localtime(article.publish_at)
# The headline's longest word: a first word may be a stop word ("Was") that the
# admin's full-text search ignores.
word = max(article.headline.split(), key=len).strip("„“:,.?!")
print(json.dumps({
    "home": "/",
    "article": article.get_absolute_url(),
    "person": person.get_absolute_url(),
    "tag": tag.get_absolute_url(),
    "section": article.section.get_absolute_url(),
    "archive": f"/archiv/{local.year}/{local.month:02d}/",
    "search": "/suche/?q=" + person.name.replace(" ", "+"),
    "feed": "/feed/",
    "sitemap": "/sitemap.xml",
    "admin list": "/admin/articles/article/?status=published&q=" + word,
    "admin change form": f"/admin/articles/article/{article.pk}/change/",
    "person autocomplete": "/admin/autocomplete/?app_label=articles"
        "&model_name=byline&field_name=person&term=" + person.name[:4],
}))
"""
# A staff session for the admin measurements; prints the session key.
ADMIN_SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from people.models import User
user, _ = User.objects.get_or_create(
    username="bench", defaults={"is_staff": True, "is_superuser": True})
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def main():
    options = parse_arguments()
    if shutil.which("wrk") is None:
        sys.exit("bench/run.py needs wrk: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    results = []
    try:
        collect_static()
        for database in options.databases:
            for size in options.sizes:
                results.append(bench_archive(database, size, options, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = render_report(results, options)
    output = Path(options.output)
    if output.exists():  # bench/soak.py's figures stay
        soak = find_section(output.read_text(encoding="utf-8"), SOAK_HEADING)
        report = replace_section(report, SOAK_HEADING, soak)
    output.write_text(report, encoding="utf-8")
    print(f"Results written to {options.output}")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--admin-connections", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--modes",
        default="uncached,cached",
        help=f"uncached: PAGE_CACHE_SECONDS=0; cached: the page cache in {CACHE_URL}",
    )
    parser.add_argument("--output", default=str(REPO / "bench" / "RESULTS.md"))
    parser.add_argument("--note", default="", help="a line for the results file")
    options = parser.parse_args()
    options.sizes = sorted(int(size) for size in options.sizes.split(","))
    options.databases = options.databases.split(",")
    options.modes = options.modes.split(",")
    unknown = set(options.databases) - {"sqlite", "postgresql"}
    unknown |= set(options.modes) - {"uncached", "cached"}
    if unknown or not options.sizes or min(options.sizes) < 1:
        parser.error(
            "--databases takes sqlite,postgresql; --modes uncached,cached; "
            "--sizes positive numbers"
        )
    options.command = " ".join(["bench/run.py", *sys.argv[1:]])
    return options


# The commands and the server share one key: the admin session is signed with it.
SECRET_KEY = "bench-throwaway-" + os.urandom(16).hex()


def django_env(database_url, **extra):
    env = dict(
        os.environ, DEBUG="1", SECRET_KEY=SECRET_KEY, DATABASE_URL=database_url, **extra
    )
    env.pop("CACHE_URL", None)
    return env


def manage(env, *args, capture=False):
    completed = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return completed.stdout


def collect_static():
    env = dict(os.environ, DEBUG="0", SECRET_KEY=SECRET_KEY)
    manage(env, "collectstatic", "--no-input", "-v0")


def fresh_database(database, size, options, workdir):
    if database == "sqlite":
        path = workdir / f"archive-{size}.sqlite3"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    server, name = options.postgres_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return options.postgres_url


def bench_archive(database, size, options, workdir):
    print(f"== {database}, {size} pieces", flush=True)
    database_url = fresh_database(database, size, options, workdir)
    env = django_env(database_url)
    manage(env, "migrate", "--no-input", "-v0")
    started = time.monotonic()
    manage(env, "generate_archive", "--pieces", str(size), "--seed", str(options.seed))
    generation_seconds = time.monotonic() - started
    if database == "postgresql":
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
    urls = json.loads(
        manage(env, "shell", "--no-imports", "-c", FIND_URLS, capture=True)
    )
    session = manage(
        env, "shell", "--no-imports", "-c", ADMIN_SESSION, capture=True
    ).strip()

    reference_root = workdir / "reference"
    reference_root.mkdir(exist_ok=True)
    result = {
        "database": database,
        "size": size,
        "generation_seconds": generation_seconds,
        "pages": {},
        "notes": [],
    }
    server_env = dict(
        env,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
    )
    subprocess.run(["redis-cli", "-n", "12", "flushdb"], check=False)
    mode_envs = {
        "uncached": dict(server_env, PAGE_CACHE_SECONDS="0"),
        "cached": dict(server_env, CACHE_URL=CACHE_URL),
    }
    reference_env = dict(os.environ, BENCH_REFERENCE_ROOT=str(reference_root))
    # Every server runs through all rounds; only the one under wrk is busy.
    with contextlib.ExitStack() as servers:
        bases = {
            mode: servers.enter_context(
                gunicorn("newsroom.wsgi:application", mode_envs[mode], options)
            )
            for mode in options.modes
        }
        first = bases[options.modes[0]]
        article_bytes = fetch(first + urls["article"])[1]
        (reference_root / "article.html").write_bytes(article_bytes)
        ref = servers.enter_context(
            gunicorn("bench.reference_app:application", reference_env, options)
        )
        measured = {}
        for mode, base in bases.items():
            # Staff bypass the page cache: the admin is measured once.
            kinds = PAGE_KINDS + (ADMIN_KINDS if base == first else [])
            for kind in kinds:
                admin = kind in ADMIN_KINDS
                label = kind if mode == "uncached" or admin else f"{kind} ({mode})"
                headers = {"Cookie": f"sessionid={session}"} if admin else {}
                status, _ = fetch(base + urls[kind], headers)
                if status != 200:
                    result["notes"].append(f"{label} ({urls[kind]}): answered {status}")
                    continue
                connections = (
                    options.admin_connections if admin else options.connections
                )
                measured[label] = (base, urls[kind], headers, connections)
        rounds = {kind: [] for kind in ["reference", *measured]}
        for number in range(options.rounds):
            print(f"   round {number + 1}/{options.rounds}", flush=True)
            rounds["reference"].append(
                wrk(ref + "/article.html", options.connections, options)
            )
            for label, (base, path, headers, connections) in measured.items():
                run = wrk(base + path, connections, options, headers)
                rounds[label].append(run)
                settle(base, run)
    for kind, runs in rounds.items():
        result["pages"][kind] = summarise(runs)
        result["pages"][kind]["path"] = (
            "/article.html" if kind == "reference" else measured[kind][1]
        )
    return result


class gunicorn:
    """A gunicorn on a free port of 127.0.0.1, stopped again on leaving the block."""

    def __init__(self, app, env, options, log=None):
        self.app, self.env, self.options, self.log = app, env, options, log

    def __enter__(self):
        port = free_port()
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                self.app,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(self.options.workers),
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=5)
                break
            except urllib.error.HTTPError:
                break
            except OSError as error:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn for {self.app} exited") from error
                time.sleep(0.2)
        return base

    def __exit__(self, *exc_info):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None):
    """(status, body) of `url`; a redirect is answered, not followed (as wrk does)."""
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wrk(url, connections, options, headers=None):
    command = [
        "wrk",
        f"--threads={min(2, connections)}",
        f"--connections={connections}",
        f"--duration={options.duration}s",
        "--timeout=10s",
        f"--script={LUA}",
    ]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], check=True, text=True, capture_output=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    run = json.loads(line.removeprefix("BENCH "))
    run["rps"] = run["requests"] / (run["duration_us"] / 1_000_000)
    return run


def settle(base, run):
    """Wait until the requests wrk left behind are done, so that a slow page does
    not eat into the next page's run: a probe is answered once the queue ahead of
    it is served, and each worker then finishes at most one more request."""
    fetch(base + "/healthz")
    time.sleep(min(run["max_ms"] / 1000, 30))


def summarise(runs):
    summary = {}
    for key in ("rps", "p50_ms", "p99_ms"):
        values = [run[key] for run in runs]
        summary[key] = statistics.median(values)
        summary[key + "_spread"] = (min(values), max(values))
    summary["errors"] = sum(run["errors"] + run["non_2xx"] for run in runs)
    return summary


# The report


TARGET_ARTICLE = 0.10
TARGET_OTHER = 0.05
TARGET_CACHED = 0.50
TARGET_GROWTH = 1.2
TARGET_SEARCH_MS = 100
TARGET_ADMIN_MS = 300


def render_report(results, options):
    lines = [
        "# Benchmark results",
        "",
        f"- command: `{options.command}`",
        f"- commit: `{git_commit()}`",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        f"- gunicorn: {options.workers} sync workers; wrk: {options.connections} "
        f"connections ({options.admin_connections} for the admin), "
        f"{options.duration} s per run, {options.rounds} rounds",
        "- modes: uncached (`PAGE_CACHE_SECONDS=0`) and, marked (cached), the page "
        f"cache in `{CACHE_URL}`, each page warmed by one request",
    ]
    if options.note:
        lines += ["", options.note]
    lines += [
        "",
        "Medians over the rounds; the spread in brackets is the lowest and highest "
        "round. `ratio` is the page's requests per second divided by the reference's "
        "(the article page's bytes served by a bare WhiteNoise app under the same "
        "gunicorn, measured in the same rounds).",
    ]
    for result in results:
        lines += render_archive(result)
    lines += render_growth(results)
    lines += render_targets(results, options)
    return "\n".join(lines) + "\n"


def render_archive(result):
    pages = result["pages"]
    reference = pages["reference"]["rps"]
    lines = [
        "",
        f"## {result['database']}, {result['size']:,} pieces",
        "",
        f"Archive generated in {result['generation_seconds']:.0f} s.",
        "",
        "| page | path | req/s | ratio | p50 ms | p99 ms | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, page in pages.items():
        low, high = page["rps_spread"]
        p99_low, p99_high = page["p99_ms_spread"]
        lines.append(
            f"| {kind} | `{page['path'][:60]}` "
            f"| {page['rps']:.0f} ({low:.0f}–{high:.0f}) "
            f"| {page['rps'] / reference:.1%} | {page['p50_ms']:.1f} "
            f"| {page['p99_ms']:.1f} ({p99_low:.1f}–{p99_high:.1f}) "
            f"| {page['errors']} |"
        )
    lines += [f"- {note}" for note in result["notes"]]
    return lines


def answered(page):
    """Whether any request finished within the runs (wrk's timeout is 10 s)."""
    return page["rps"] > 0


def growth_rows(results):
    """(database, kind, smallest, largest, p99 ratio) for each database and page;
    the ratio is infinite when no request at the largest size finished."""
    for database in dict.fromkeys(result["database"] for result in results):
        runs = sorted(
            (result for result in results if result["database"] == database),
            key=lambda result: result["size"],
        )
        if len(runs) < 2:
            continue
        small, large = runs[0], runs[-1]
        for kind, page in large["pages"].items():
            if kind != "reference" and kind in small["pages"]:
                before = small["pages"][kind]
                if not answered(page) or not answered(before):
                    ratio = float("inf")
                else:
                    ratio = page["p99_ms"] / before["p99_ms"]
                yield database, kind, small["size"], large["size"], ratio


def render_growth(results):
    rows = list(growth_rows(results))
    if not rows:
        return []
    lines = [
        "",
        "## Growth: p99 at the largest archive / p99 at the smallest",
        "",
        "| database | page | sizes | p99 ratio |",
        "| --- | --- | --- | ---: |",
    ]
    for database, kind, small, large, ratio in rows:
        lines.append(f"| {database} | {kind} | {small:,} → {large:,} | {ratio:.2f} |")
    return lines


def render_targets(results, options):
    checks = []
    for result in results:
        where = f"{result['database']}, {result['size']:,}"
        pages = result["pages"]
        reference = pages["reference"]["rps"]
        for kind, page in pages.items():
            if kind == "reference" or kind in ADMIN_KINDS:
                continue
            if kind.endswith("(cached)"):
                target = TARGET_CACHED
            else:
                target = TARGET_ARTICLE if kind == "article" else TARGET_OTHER
            ratio = page["rps"] / reference
            checks.append(
                (ratio >= target, f"{where}: {kind} {ratio:.1%} ≥ {target:.0%}")
            )
            if not answered(page):
                checks.append((False, f"{where}: {kind}: no request finished"))
        search = pages.get("search")
        if result["database"] == "postgresql" and result["size"] >= 100_000 and search:
            checks.append(
                (
                    answered(search) and search["p99_ms"] <= TARGET_SEARCH_MS,
                    f"{where}: search p99 {search['p99_ms']:.0f} ms ≤ "
                    f"{TARGET_SEARCH_MS} ms",
                )
            )
        if result["size"] >= 100_000:
            for kind in ADMIN_KINDS:
                if kind in pages:
                    p99 = pages[kind]["p99_ms"]
                    checks.append(
                        (
                            answered(pages[kind]) and p99 < TARGET_ADMIN_MS,
                            f"{where}: {kind} p99 {p99:.0f} ms < {TARGET_ADMIN_MS} ms",
                        )
                    )
    for database, kind, small, large, ratio in growth_rows(results):
        checks.append(
            (
                ratio <= TARGET_GROWTH,
                f"{database}: {kind} p99 {large:,}/{small:,} = {ratio:.2f} ≤ "
                f"{TARGET_GROWTH}",
            )
        )
    lines = ["", "## Targets", ""]
    lines += [f"- {'met' if met else 'MISSED'}: {text}" for met, text in checks]
    return lines


SOAK_HEADING = "## Soak"


def find_section(document, heading):
    """The part of a Markdown document from `heading` up to the next heading of the
    same or a higher level, or ""."""
    level = heading.split()[0]
    found = re.search(
        rf"^{re.escape(heading)}\n.*?(?=^#{{1,{len(level)}}} |\Z)",
        document,
        re.MULTILINE | re.DOTALL,
    )
    return found[0] if found else ""


def replace_section(document, heading, section):
    """`document` with its `heading` section replaced by `section`, or with
    `section` appended."""
    old = find_section(document, heading)
    if old:
        return document.replace(old, section + ("" if document.endswith(old) else "\n"))
    return document.rstrip("\n") + "\n\n" + section if section else document


def git_commit():
    completed = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return completed.stdout.strip() + (" (with uncommitted changes)" if dirty else "")


def machine():
    cpuinfo = Path("/proc/cpuinfo")
    model = ""
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found[1] if found else ""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores "
        f"{model}, {memory:.0f} GiB; Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


if __name__ == "__main__":
    main()

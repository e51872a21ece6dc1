"""Readers under load while an editor works: the soak (`make soak`).

Builds an archive with `generate_archive` and serves it as bench/run.py does
(gunicorn with the repo's gunicorn.conf.py, production settings) with the page cache
in Redis. Then, for --duration seconds, at the same time:

- the readers: wrk with --connections connections going round the home page, the
  section, a tag and an author of the piece under edit, a search that finds it, and
  the piece itself (bench/soak.lua);
- the editor: bench/soak_editor.py in its own `manage.py shell` with the server's
  settings, one step every --interval seconds: publish the piece, edit its headline
  and body, unpublish it, through the same save path as the admin;
- the checker, this process: after each step it asks for every one of those pages
  as an anonymous reader, again and again, until each shows the new state. The
  delay is counted from the commit (the first of its on-commit callbacks, on this
  machine's one clock) to the first correct answer.

The soak passes when readers got no errors (socket errors or an answer other than
2xx/3xx; a 404 of the piece while it is offline is what readers must get), every
change showed on every page within --max-delay seconds, no answer to a request sent
after a commit showed the state before it, and afterwards every page is what a fresh
rendering gives. The figures go into the "Soak" section of bench/RESULTS.md.

    .venv/bin/python bench/soak.py [--database postgresql|sqlite] [--pieces 1000]
        [--duration 60] [--connections 100] [--interval 1]
"""

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from run import (
    PYTHON,
    REPO,
    SOAK_HEADING,
    collect_static,
    django_env,
    fetch,
    fresh_database,
    git_commit,
    gunicorn,
    machine,
    manage,
    replace_section,
)

LUA = REPO / "bench" / "soak.lua"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/newsroom_soak"
DEFAULT_CACHE = "redis://127.0.0.1:6379/13"
# The word the editor puts before the version number in the headline.
MARKER = "Dauertest"
VERSION = re.compile(MARKER + r" (\d{4})")
# A piece in the middle of the archive, with a tag and an author who also wrote
# other pieces (so the author's page stays while the piece is offline).
FIND_PIECE = """
import json
from articles.models import Article
published = Article.objects.published().order_by("-publish_at", "pk")
middle = published.count() // 2
for article in published[middle:middle + 50]:
    tag = article.tags.order_by("pk").first()
    byline = article.bylines.order_by("position", "pk").first()
    if tag and byline and published.filter(bylines__person=byline.person).count() > 1:
        break
print(json.dumps({
    "pk": article.pk,
    "section": article.section.get_absolute_url(),
    "tag": tag.get_absolute_url(),
    "person": byline.person.get_absolute_url(),
}))
"""


def main():
    options = parse_arguments()
    if shutil.which("wrk") is None:
        sys.exit("bench/soak.py needs wrk: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-soak-"))
    try:
        collect_static()
        result = soak(options, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print_summary(result)
    output = Path(options.output)
    existing = output.read_text(encoding="utf-8") if output.exists() else ""
    section = render_section(result, options)
    output.write_text(
        replace_section(existing, SOAK_HEADING, section), encoding="utf-8"
    )
    print(f"Results written to {options.output}")
    sys.exit(0 if result["passed"] else 1)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgresql", "sqlite"])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument(
        "--cache-url",
        default=DEFAULT_CACHE,
        help='Redis, emptied first; "" for the local cache in files',
    )
    parser.add_argument("--pieces", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--interval", type=float, default=1.0, help="between steps")
    parser.add_argument("--max-delay", type=float, default=1.0, help="seconds")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1)),
        help="gunicorn workers (gunicorn.conf.py's default)",
    )
    parser.add_argument("--output", default=str(REPO / "bench" / "RESULTS.md"))
    options = parser.parse_args()
    options.database = options.database or "postgresql"
    if options.pieces < 10 or options.duration < 1 or options.connections < 1:
        parser.error("--pieces at least 10, --duration and --connections at least 1")
    options.command = " ".join(["bench/soak.py", *sys.argv[1:]])
    return options


def soak(options, workdir):
    print(f"== soak: {options.database}, {options.pieces} pieces", flush=True)
    database_url = fresh_database(options.database, options.pieces, options, workdir)
    env = django_env(database_url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(
        env,
        "generate_archive",
        "--pieces",
        str(options.pieces),
        "--seed",
        str(options.seed),
    )
    if options.database == "postgresql":
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
    piece = json.loads(
        manage(env, "shell", "--no-imports", "-c", FIND_PIECE, capture=True)
    )
    server_env = dict(
        env, DEBUG="0", ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0"
    )
    if options.cache_url:
        server_env["CACHE_URL"] = options.cache_url
        subprocess.run(
            ["redis-cli", "-u", options.cache_url, "flushdb"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    else:
        server_env["CACHE_DIR"] = str(workdir / "page-cache")
    manage(
        server_env,
        "shell",
        "--no-imports",
        "-c",
        f"from bench.soak_editor import prepare; prepare({piece['pk']}, {MARKER!r})",
    )
    pages = [
        "/",
        piece["section"],
        piece["tag"],
        piece["person"],
        f"/suche/?q={MARKER}",
    ]
    log = (workdir / "gunicorn.log").open("w")
    with gunicorn("newsroom.wsgi:application", server_env, options, log) as base:
        editor = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                f"from bench.soak_editor import edit; edit({piece['pk']}, "
                f"{MARKER!r}, {options.duration}, {options.interval})",
            ],
            cwd=REPO,
            env=server_env,
            stdout=subprocess.PIPE,
            text=True,
        )
        first_line = editor.stdout.readline()
        if not first_line:
            raise RuntimeError("the editor did not start")
        ready = json.loads(first_line)
        readers = start_readers(base, [ready["url"], *pages], options)
        events = watch_changes(base, editor, pages)
        output, _ = readers.communicate()
        if editor.wait() != 0:
            raise RuntimeError("the editor failed")
        stale = stale_pages(base, events[-1], pages)
    log.close()
    result = summarise(output, events, stale, options)
    result["server"] = server_times((workdir / "gunicorn.log").read_text())
    return result


def start_readers(base, paths, options):
    command = [
        "wrk",
        f"--threads={min(options.threads, options.connections)}",
        f"--connections={options.connections}",
        f"--duration={options.duration}s",
        "--timeout=10s",
        f"--script={LUA}",
        base,
        "--",
        *paths,
    ]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


# The checker


def shows(event, path, status, body):
    """Whether a page answers as readers must see it once `event` has committed."""
    # Tags out, so that a highlighted search word does not split the headline.
    text = re.sub(r"<[^>]+>", "", body.decode("utf-8", "replace"))
    versions = set(VERSION.findall(text))
    expected = {event["marker"].split()[-1]} if event["live"] else set()
    if path == event["url"] and not event["live"]:
        return status == 404
    return status == 200 and versions == expected


def watch_changes(base, editor, pages):
    """Check every step the editor reports until it is on every page; the steps."""
    events = []
    with ThreadPoolExecutor(max_workers=2 * (len(pages) + 1)) as pool:
        for line in editor.stdout:
            event = json.loads(line)
            event["superseded"] = threading.Event()
            if events:
                events[-1]["superseded"].set()
            event["polls"] = {
                path: pool.submit(poll, base, path, event)
                for path in [event["url"], *pages]
            }
            events.append(event)
    for event in events:
        event["polls"] = {
            path: future.result() for path, future in event["polls"].items()
        }
    return events


def poll(base, path, event):
    """Ask for `path` until it shows `event`, or the next step has begun, or 10 s
    have passed; every answer as (sent, received, correct)."""
    answers = []
    while True:
        sent = time.time()
        status, body = fetch(base + path)
        received = time.time()
        answers.append((sent, received, shows(event, path, status, body)))
        if answers[-1][2] or event["superseded"].is_set():
            return answers
        if received > event["committed"] + 10:
            return answers
        time.sleep(0.005)


def stale_pages(base, event, pages):
    """The pages whose cached answer is not the last step's state, or not what a
    fresh rendering (a request that bypasses the cache) gives."""
    stale = []
    for path in [event["url"], *pages]:
        status, body = fetch(base + path)
        fresh_status, fresh_body = fetch(base + path, {"Cookie": "csrftoken=soak"})
        if not shows(event, path, status, body) or (status, body) != (
            fresh_status,
            fresh_body,
        ):
            stale.append(path)
    return stale


# The figures


SERVED = {
    "hit": "from the cache",
    "miss": "rendered and kept",
    "-": "rendered, not kept",
}


def server_times(log):
    """Answers by how the page cache served them (hit, miss: rendered and kept, -:
    rendered, not kept), with their count and median and highest milliseconds, from
    gunicorn's access log (gunicorn.conf.py's format ends in X-Cache and the time)."""
    times = {}
    for found in re.finditer(r" (hit|miss|-) (\d+)ms$", log, re.MULTILINE):
        times.setdefault(found[1], []).append(int(found[2]))
    return {
        kind: (len(values), statistics.median(values), max(values))
        for kind, values in times.items()
    }


def summarise(output, events, stale, options):
    line = next(line for line in output.splitlines() if line.startswith("SOAK "))
    readers = json.loads(line.removeprefix("SOAK "))
    statuses = {int(status): count for status, count in readers["statuses"].items()}
    readers["rps"] = readers["requests"] / (readers["duration_us"] / 1_000_000)
    readers["not_found"] = statuses.get(404, 0)
    readers["bad_statuses"] = {
        status: count
        for status, count in statuses.items()
        if not 200 <= status < 400 and status != 404
    }
    readers["errors"] = readers["socket_errors"] + sum(readers["bad_statuses"].values())

    delays, late, unseen, old_answers, answers = [], 0, 0, 0, 0
    page_delays = {}
    for number, event in enumerate(events):
        next_commit = (
            events[number + 1]["commit"] if number + 1 < len(events) else math.inf
        )
        seen = []
        for name, polls in zip(PAGE_NAMES, event["polls"].values(), strict=True):
            page_delays.setdefault(name, []).append(
                polls[-1][1] - event["commit"] if polls[-1][2] else math.inf
            )
            answers += len(polls)
            # An answer to a request sent after the commit must show the commit.
            old_answers += sum(
                1
                for sent, received, correct in polls
                if sent > event["committed"] and received < next_commit and not correct
            )
            seen.append(polls[-1][1] if polls[-1][2] else None)
        if None in seen:
            unseen += 1
            continue
        delays.append(max(seen) - event["commit"])
        late += delays[-1] > options.max_delay
    saves = [event["commit"] - event["began"] for event in events]
    changes = {
        "count": len(events),
        "save_p50_ms": percentile(saves, 50) * 1000,
        "save_max_ms": max(saves, default=0) * 1000,
        "steps": {step: sum(e["step"] == step for e in events) for step in STEPS},
        "max_ms": max(delays, default=0) * 1000,
        "p99_ms": percentile(delays, 99) * 1000,
        "p50_ms": percentile(delays, 50) * 1000,
        "late": late,
        "unseen": unseen,
        "pages": {
            name: (percentile(values, 50) * 1000, max(values) * 1000)
            for name, values in page_delays.items()
        },
        "old_answers": old_answers,
        "answers": answers,
    }
    failures = []
    if readers["errors"]:
        failures.append(f"{readers['errors']} errors for readers")
    if late or unseen:
        failures.append(
            f"{late + unseen} changes not on every page within {options.max_delay} s"
        )
    if old_answers:
        failures.append(f"{old_answers} answers showed a state older than a commit")
    if stale:
        failures.append("stale afterwards: " + ", ".join(stale))
    if not events:
        failures.append("the editor made no change")
    return {
        "readers": readers,
        "changes": changes,
        "stale": stale,
        "pages": len(events[-1]["polls"]) if events else 0,
        "failures": failures,
        "passed": not failures,
        "date": datetime.now(UTC),
    }


STEPS = ["publish", "edit", "unpublish"]
# The checker's pages, in the order of an event's polls.
PAGE_NAMES = ["piece", "home", "section", "tag", "author", "search"]


def percentile(values, percent):
    """The nearest-rank percentile."""
    if not values:
        return 0
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * percent / 100) - 1, 0)]


def print_summary(result):
    readers, changes = result["readers"], result["changes"]
    print(
        f"readers: {readers['requests']} requests, {readers['rps']:.0f} req/s, "
        f"p50 {readers['p50_ms']:.1f} ms, p99 {readers['p99_ms']:.1f} ms, "
        f"{readers['errors']} errors; changes: {changes['count']}, visible after "
        f"p99 {changes['p99_ms']:.0f} ms, max {changes['max_ms']:.0f} ms; "
        f"stale afterwards: {len(result['stale'])}"
    )
    for kind, (count, median, highest) in result["server"].items():
        print(f"server, X-Cache {kind}: {count}, median {median} ms, max {highest} ms")
    print("PASSED" if result["passed"] else "FAILED: " + "; ".join(result["failures"]))


def render_section(result, options):
    readers, changes = result["readers"], result["changes"]
    steps = ", ".join(f"{count} {step}" for step, count in changes["steps"].items())
    bad = ", ".join(
        f"{count} × {status}" for status, count in readers["bad_statuses"].items()
    )
    lines = [
        SOAK_HEADING,
        "",
        f"- command: `{options.command}`",
        f"- commit: `{git_commit()}`",
        f"- date: {result['date']:%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        f"- {options.database}, {options.pieces:,} pieces; gunicorn: "
        f"{options.workers} sync workers; page cache: "
        f"{options.cache_url or 'the local cache in files'}",
        f"- readers: wrk, {options.connections} connections for {options.duration} s "
        "over the home page, the piece's section, tag and author, a search and the "
        f"piece; editor: one step every {options.interval:g} s",
        "",
        "| | |",
        "| --- | ---: |",
        f"| requests | {readers['requests']:,} |",
        f"| req/s | {readers['rps']:.0f} |",
        f"| p50 / p99 / max ms | {readers['p50_ms']:.1f} / {readers['p99_ms']:.1f} "
        f"/ {readers['max_ms']:.0f} |",
        f"| errors (socket errors, status other than 2xx/3xx/404) | "
        f"{readers['errors']}{' (' + bad + ')' if bad else ''} |",
        f"| 404 (the piece while offline) | {readers['not_found']:,} |",
        f"| changes | {changes['count']} ({steps}) |",
        "| visible on every page after (changes seen before the next step), "
        "p50 / p99 / max ms | "
        f"{changes['p50_ms']:.0f} / {changes['p99_ms']:.0f} "
        f"/ {changes['max_ms']:.0f} |",
        "| the editor's saves (begin to commit), p50 / max ms | "
        f"{changes['save_p50_ms']:.0f} / {changes['save_max_ms']:.0f} |",
        f"| changes not on every page within {options.max_delay:g} s | "
        f"{changes['late'] + changes['unseen']} |",
        f"| checker's answers showing a state older than a commit | "
        f"{changes['old_answers']} of {changes['answers']:,} |",
        f"| stale pages afterwards | {len(result['stale'])} of {result['pages']} |",
        "",
        "Each page, from the commit to the first answer showing it "
        "(p50 / max ms): "
        + "; ".join(
            f"{name} {median:.0f} / "
            + ("not before the next step" if highest == math.inf else f"{highest:.0f}")
            for name, (median, highest) in result["changes"]["pages"].items()
        )
        + ".",
        "",
        "In the app server (gunicorn's access log; count, median / max ms): "
        + "; ".join(
            f"{SERVED[kind]} {count:,}, {median:.0f} / {highest} ms"
            for kind, (count, median, highest) in sorted(result["server"].items())
        )
        + ".",
        "",
        "Result: "
        + (
            "passed."
            if result["passed"]
            else "FAILED: " + "; ".join(result["failures"])
        ),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()

"""`make soak` runs end to end: readers, an editor and the checker, a few seconds.

On the database the suite runs on (a fresh one next to it on PostgreSQL), with the
page cache in Redis database 13 when Redis answers, else in the local file cache
that app server processes of one machine share. The figures are for
bench/RESULTS.md; on a busy test machine a change may take longer than the soak's
1 s, so this allows 3 s, with the editor's steps 3 s apart (a step the next one
replaces before every page shows it counts as missed), and checks what load cannot
excuse: no errors, no answer older than a commit, no stale page afterwards.
"""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REDIS_URL = "redis://127.0.0.1:6379/13"


def redis_answers():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


def database_options():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return ["--database", "sqlite"]
    server, name = url.rsplit("/", 1)
    return ["--database", "postgresql", "--postgres-url", f"{server}/test_{name}_soak"]


def test_the_soak_runs_with_no_error_and_no_stale_page(wrk, tmp_path):
    output = tmp_path / "RESULTS.md"
    output.write_text("# Benchmark results\n\n## Soak\n\nolder figures\n")
    command = [sys.executable, "bench/soak.py", *database_options()]
    command += ["--pieces", "30", "--duration", "12", "--connections", "4"]
    command += ["--interval", "3", "--max-delay", "3"]
    command += ["--workers", "2", "--output", str(output)]
    command += ["--cache-url", REDIS_URL if redis_answers() else ""]
    completed = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=600
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr

    report = output.read_text(encoding="utf-8")
    assert report.startswith("# Benchmark results\n\n## Soak\n")
    assert "older figures" not in report
    rows = {
        line.split("|")[1].strip(): line.split("|")[2].strip()
        for line in report.splitlines()
        if line.startswith("| ") and "---" not in line
    }
    assert int(rows["requests"].replace(",", "")) > 0
    assert rows["errors (socket errors, status other than 2xx/3xx/404)"] == "0"
    assert rows["changes"].startswith(("4 ", "3 "))
    assert rows["changes not on every page within 3 s"] == "0"
    assert rows["checker's answers showing a state older than a commit"].startswith(
        "0 of "
    )
    assert rows["stale pages afterwards"] == "0 of 6"
    assert "Result: passed." in report

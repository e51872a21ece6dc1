"""`make bench` runs end to end: a tiny archive, every page loaded with wrk.

The figures themselves are for bench/RESULTS.md, not for assertions; this only
checks that the script builds the archive, serves it, measures and reports.
"""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_bench_runs_on_a_tiny_archive(wrk, tmp_path):
    output = tmp_path / "RESULTS.md"
    command = [sys.executable, "bench/run.py", "--sizes", "20", "--duration", "1"]
    command += ["--rounds", "1", "--databases", "sqlite", "--output", str(output)]
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    subprocess.run(command, cwd=REPO, env=env, check=True, timeout=600)

    report = output.read_text(encoding="utf-8")
    assert "## sqlite, 20 pieces" in report
    assert "- command: `bench/run.py --sizes 20" in report
    assert "## Targets" in report
    rows = {
        line.split("|")[1].strip(): line.split("|")
        for line in report.splitlines()
        if line.startswith("| ") and "---" not in line
    }
    assert float(rows["reference"][3].split()[0]) > 0  # requests per second
    for kind in ["home", "article", "person", "tag", "section", "archive", "search"]:
        for label in (kind, f"{kind} (cached)"):
            assert label in rows, label
            assert rows[label][-2].strip() == "0", label  # errors
    for kind in ["admin list", "admin change form", "person autocomplete"]:
        assert kind in rows, kind

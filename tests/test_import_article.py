import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Mention

SEED = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "seeds"
    / "berlinmorgen-usa-russland-gespraeche-riad.txt"
)


@pytest.fixture
def seed_bytes():
    if not SEED.exists():
        pytest.skip(f"the seed piece is read from {SEED}, which is absent")
    return SEED.read_bytes()


@pytest.fixture
def demo_people(db):
    call_command("load_demo", stdout=io.StringIO())
    Article.objects.all().delete()


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_dry_run_json_describes_the_seed(tmp_path, seed_bytes, demo_people, capsys):
    call_command(
        "import_article",
        write(tmp_path, "a.txt", seed_bytes),
        "--dry-run",
        "--format",
        "json",
    )
    report = json.loads(capsys.readouterr().out)
    assert (
        report["headline"]
        == "Treffen in Riad: Neue Gespräche zwischen den USA und Russland"
    )
    assert report["teaser"].startswith(
        "USA und Russland Gespräche – Nach mehr als drei Jahren"
    )
    assert report["subheadings"] == [
        "Wer saß mit am Tisch?",
        "Ukraine bleibt Streitpunkt",
        "Zentrale Konflikte bleiben bestehen – USA und Russland Gespräche",
    ]
    assert "BerlinMorgen." not in report["body"]
    assert report["sign_off"].endswith("Wir bleiben am Ball für Sie. BerlinMorgen.")
    assert {mention["slug"] for mention in report["mentions"]} == {
        "marco-rubio", "mike-waltz", "steve-witkoff", "sergej-lawrow", "wladimir-putin",
        "juri-uschakow", "kirill-dmitrijew", "wolodymyr-selenskyj", "pete-hegseth",
        "donald-trump",
    }  # fmt: skip
    assert report["suggestions"] == []
    assert not Article.objects.exists()


def test_import_creates_linked_piece(tmp_path, seed_bytes, demo_people):
    call_command(
        "import_article",
        write(tmp_path, "a.txt", seed_bytes),
        "--section", "politik", "--author", "lena-hoffmann", "--tag", "USA",
        "--status", "published", "--publish-at", "2025-02-18T14:30",
    )  # fmt: skip
    article = Article.objects.get()
    assert article.is_live
    assert article.body.count("\n## ") == 3
    assert [b.person.slug for b in article.bylines.all()] == ["lena-hoffmann"]
    assert list(article.tags.names()) == ["USA"]
    roles = dict(article.mentions.values_list("person__slug", "role"))
    assert len(roles) == 10
    assert roles["sergej-lawrow"] == "Außenminister"
    assert roles["steve-witkoff"] == "US-Sondergesandter"


@pytest.mark.parametrize(
    "variant",
    [
        lambda data: b"\xef\xbb\xbf" + data,
        lambda data: data.replace(b"\n", b"\r\n"),
    ],
    ids=["bom", "crlf"],
)
def test_bom_and_crlf(tmp_path, seed_bytes, demo_people, variant):
    call_command("import_article", write(tmp_path, "a.txt", variant(seed_bytes)))
    article = Article.objects.get()
    assert article.headline.startswith("Treffen in Riad")
    assert "\r" not in article.body
    assert article.sign_off.endswith("BerlinMorgen.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "leer"),
        (b"\x00\x01\x02binary", "Binärdatei"),
        ("Überschrift\nVorspann\nText.".encode("latin-1"), "UTF-8"),
        (b"Nur eine Zeile\nund noch eine\n", "kein Text"),
        (b"Titel\nVorspann.\nZwischentitel\n", "kein Text"),
    ],
    ids=["empty", "binary", "latin-1", "no-body", "only-subheading"],
)
def test_bad_file_gets_one_line_error_and_writes_nothing(
    tmp_path, db, section, capsys, data, message
):
    path = write(tmp_path, "kaputt.txt", data)
    with pytest.raises(CommandError, match="1 von 1 Dateien nicht importiert"):
        call_command("import_article", path)
    error = capsys.readouterr().err.strip()
    assert error.startswith(path)
    assert message in error
    assert "\n" not in error
    assert not Article.objects.exists()


def test_each_file_is_all_or_nothing(tmp_path, seed_bytes, demo_people, capsys):
    good = write(tmp_path, "gut.txt", seed_bytes)
    bad = write(tmp_path, "schlecht.txt", b"")
    too_long = write(tmp_path, "lang.txt", b"X" * 300 + b"\nVorspann.\nText.\n")
    with pytest.raises(CommandError) as raised:
        call_command("import_article", bad, good, too_long)
    assert "2 von 3" in str(raised.value)
    assert "schlecht.txt" in str(raised.value) and "lang.txt" in str(raised.value)
    assert Article.objects.count() == 1
    assert Mention.objects.count() == 10


def test_unknown_section_or_author_is_a_clear_error(tmp_path, seed_bytes, section):
    path = write(tmp_path, "a.txt", seed_bytes)
    with pytest.raises(CommandError, match="Ressort „sport“"):
        call_command("import_article", path, "--section", "sport")
    with pytest.raises(CommandError, match="Person „niemand“"):
        call_command("import_article", path, "--author", "niemand")
    with pytest.raises(CommandError, match="keine Zeit"):
        call_command("import_article", path, "--publish-at", "morgen")


def test_import_queries_do_not_grow_with_people_or_words(tmp_path, demo_people):
    short = write(tmp_path, "kurz.txt", b"Titel\nVorspann.\nPutin sprach.\n")
    long_text = (
        "Titel zwei\nVorspann.\n"
        + "Lawrow, Rubio, Trump und Putin sprachen lange. " * 80
    )
    long = write(tmp_path, "lang.txt", long_text.encode())
    with CaptureQueriesContext(connection) as short_queries:
        call_command("import_article", short)
    with CaptureQueriesContext(connection) as long_queries:
        call_command("import_article", long)
    assert len(long_queries) == len(short_queries)

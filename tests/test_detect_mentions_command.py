import io
import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Mention

from .builders import make_article, make_person


@pytest.fixture
def lawrow(db):
    return make_person(name="Sergej Lawrow", aliases="Lavrov")


def test_text_file_json_without_writing(tmp_path, lawrow, capsys):
    path = tmp_path / "stueck.txt"
    path.write_text(
        "Lawrow in Riad\nVorspann.\nAußenminister Sergej Lawrow sprach mit "
        "Bundeskanzler Friedrich Merz.\n",
        encoding="utf-8",
    )
    call_command("detect_mentions", "--text-file", str(path), "--format", "json")
    report = json.loads(capsys.readouterr().out)
    text = path.read_text(encoding="utf-8")
    for mention in report["mentions"]:
        assert text[mention["start"] : mention["end"]] == mention["matched"]
        assert mention["slug"] == "sergej-lawrow"
    assert [m["role"] for m in report["mentions"]] == ["", "Außenminister"]
    assert report["suggestions"] == [
        {"name": "Friedrich Merz", "role": "Bundeskanzler"}
    ]
    assert report["ambiguous"] == []
    assert not Mention.objects.exists()


def test_text_file_errors_name_the_file(tmp_path, db):
    missing = tmp_path / "fehlt.txt"
    with pytest.raises(CommandError, match="fehlt.txt"):
        call_command("detect_mentions", "--text-file", str(missing))
    binary = tmp_path / "bild.txt"
    binary.write_bytes(b"\x89PNG\x00\x00")
    with pytest.raises(CommandError, match="bild.txt: Binärdatei"):
        call_command("detect_mentions", "--text-file", str(binary))


def test_archive_redetection_is_idempotent(lawrow, section):
    article = make_article(section=section, body="Lawrow kam nach Riad.")
    other = make_article(section=section, body="Niemand Bekanntes.")
    out = io.StringIO()
    call_command("detect_mentions", "--dry-run", stdout=out, stderr=io.StringIO())
    assert "1 Erwähnungen würden ergänzt" in out.getvalue()
    assert not Mention.objects.exists()

    call_command("detect_mentions", stdout=out, stderr=io.StringIO())
    assert list(article.mentions.values_list("person__name", flat=True)) == [
        "Sergej Lawrow"
    ]
    assert not other.mentions.exists()

    progress = io.StringIO()
    out = io.StringIO()
    call_command("detect_mentions", stdout=out, stderr=progress)
    assert "0 Erwähnungen ergänzt" in out.getvalue()
    assert "2/2" in progress.getvalue()
    assert Mention.objects.count() == 1


def test_redetection_respects_dismissed_mentions(lawrow, section):
    article = make_article(section=section, body="Lawrow kam nach Riad.")
    article.dismiss_mention(lawrow)
    call_command("detect_mentions", stdout=io.StringIO(), stderr=io.StringIO())
    assert not article.mentions.exists()

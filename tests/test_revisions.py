"""Every save records a revision; the Versionen page compares and restores them."""

from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Revision
from articles.revisions import take_snapshot

from .builders import article_form_data, make_article, make_person

SEED = Path(__file__).resolve().parents[1] / "articles" / "demo"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def versions_url(article):
    return reverse("admin:articles_article_versions", args=[article.pk])


def revisions_of(article):
    return list(Revision.objects.filter(article_id=article.pk).order_by("pk"))


@pytest.fixture
def piece(section):
    author = make_person(name="Lena Hoffmann")
    article = make_article(
        section=section,
        status=Article.Status.DRAFT,
        headline="Gespräche in Riad",
        body="Die Delegationen treffen sich am Dienstag.",
    )
    article.bylines.create(person=author, role="mit Agenturen")
    article.tags.add("Diplomatie")
    return article


def test_admin_save_records_the_full_content(client, editor, piece):
    client.force_login(editor)
    data = article_form_data(piece, body="Die Delegationen treffen sich am Mittwoch.")
    response = client.post(change_url(piece), data)
    assert response.status_code == 302
    revision = revisions_of(piece)[-1]
    assert revision.created_by == editor
    assert revision.status == "draft"
    assert revision.source == "admin"
    assert revision.snapshot["body"] == "Die Delegationen treffen sich am Mittwoch."
    assert revision.snapshot["bylines"][0]["name"] == "Lena Hoffmann"
    assert revision.snapshot["bylines"][0]["role"] == "mit Agenturen"
    assert revision.snapshot["tags"] == ["Diplomatie"]
    assert revision.snapshot["section"]["name"] == "Politik"
    piece.refresh_from_db()
    assert revision.version == piece.version == 2


def test_inline_only_change_records_a_revision(client, editor, piece):
    client.force_login(editor)
    guest = make_person(name="Gast Autorin")
    data = article_form_data(piece)
    data.update(
        {
            "bylines-TOTAL_FORMS": "2",
            "bylines-1-person": guest.pk,
            "bylines-1-role": "",
            "bylines-1-position": "1",
        }
    )
    client.post(change_url(piece), data)
    names = [entry["name"] for entry in revisions_of(piece)[-1].snapshot["bylines"]]
    assert names == ["Lena Hoffmann", "Gast Autorin"]
    assert [b.person.name for b in piece.bylines.all()] == names


def test_admin_add_records_a_first_revision(client, editor, section):
    client.force_login(editor)
    data = article_form_data(section=section.pk, headline="Ganz neu")
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(headline="Ganz neu")
    assert [r.created_by for r in revisions_of(article)] == [editor]


@pytest.mark.parametrize(
    "action", ["publish_selected", "unpublish_selected", "find_people"]
)
def test_bulk_actions_record_revisions(client, editor, section, action):
    make_person(name="Sergej Lawrow")
    article = make_article(section=section, body="Lawrow sprach.")
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [article.pk]},
    )
    revision = revisions_of(article)[-1]
    assert revision.source == "admin action"
    assert revision.created_by == editor
    expected = {"publish_selected": "published", "unpublish_selected": "draft"}
    assert revision.status == expected.get(action, "published")
    if action == "find_people":
        assert revision.snapshot["mentions"][0]["name"] == "Sergej Lawrow"


def test_import_article_and_load_demo_record_revisions(section, tmp_path):
    piece = tmp_path / "piece.txt"
    piece.write_text("Eine Überschrift\nEin Vorspann.\nDer Text.\n", encoding="utf-8")
    call_command("import_article", str(piece), verbosity=0)
    imported = Article.objects.get(headline="Eine Überschrift")
    assert [r.source for r in revisions_of(imported)] == ["import_article"]

    call_command("load_demo", verbosity=0)
    demo = Article.objects.exclude(pk=imported.pk).get()
    (revision,) = revisions_of(demo)
    assert revision.source == "load_demo"
    assert len(revision.snapshot["mentions"]) >= 5


def test_detect_mentions_records_a_revision_when_it_adds(section):
    article = make_article(section=section, body="Rubio traf Lawrow.")
    call_command("detect_mentions", verbosity=0)
    assert revisions_of(article) == []
    make_person(name="Marco Rubio")
    call_command("detect_mentions", verbosity=0)
    (revision,) = revisions_of(article)
    assert revision.source == "detect_mentions"
    assert [m["name"] for m in revision.snapshot["mentions"]] == ["Marco Rubio"]


def test_versions_page_compares_word_by_word(client, editor, piece):
    client.force_login(editor)
    client.post(change_url(piece), article_form_data(piece))
    piece.refresh_from_db()
    piece.tags.set(["Ukraine"])
    changed = article_form_data(
        piece,
        headline="Gespräche in <script>Riad</script>",
        body="Die Delegationen treffen sich am Mittwoch.",
    )
    client.post(change_url(piece), changed)
    old, new = revisions_of(piece)
    response = client.get(versions_url(piece), {"von": old.pk, "zu": new.pk})
    assert response.status_code == 200
    html = response.text
    assert "<del>Dienstag.</del><ins>Mittwoch.</ins>" in html
    assert "<ins>&lt;script&gt;Riad&lt;/script&gt;</ins>" in html
    assert "<script>Riad" not in html
    assert "− Diplomatie" in html and "+ Ukraine" in html


def test_a_revision_of_what_readers_see_shows_no_differences(client, editor, section):
    # The piece in memory carries Berlin time, the one read back carries UTC.
    berlin = timezone.get_default_timezone()
    piece = make_article(
        section=section, publish_at=datetime(2025, 2, 18, 14, 30, tzinfo=berlin)
    )
    piece.save_revision(editor, source="test")
    client.force_login(editor)
    response = client.get(versions_url(piece))
    assert "Keine Unterschiede." in response.text


def test_versions_page_defaults_to_pending_against_live(client, editor, section):
    article = make_article(section=section, body="Der veröffentlichte Satz.")
    client.force_login(editor)
    client.post(
        change_url(article),
        article_form_data(article, body="Der geänderte Satz.", _save_as_pending="1"),
    )
    response = client.get(versions_url(article))
    assert response.context["old"] == "live" and response.context["new"] == "pending"
    assert "<del>veröffentlichte</del><ins>geänderte</ins>" in response.text


def restore(client, article, revision):
    url = reverse("admin:articles_article_restore", args=[article.pk, revision.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "wiederherstellen?" in confirm.text
    return client.post(url, {"version": confirm.context["original"].version})


def test_restore_a_draft_becomes_a_new_revision(client, editor, piece):
    client.force_login(editor)
    client.post(change_url(piece), article_form_data(piece, body="Erste Fassung."))
    piece.refresh_from_db()
    client.post(change_url(piece), article_form_data(piece, body="Zweite Fassung."))
    first = revisions_of(piece)[0]
    response = restore(client, piece, first)
    assert response.status_code == 302
    piece.refresh_from_db()
    assert piece.body == "Erste Fassung."
    assert piece.status == Article.Status.DRAFT
    latest = revisions_of(piece)[-1]
    assert latest.source == "restore" and latest.snapshot["body"] == "Erste Fassung."
    assert len(revisions_of(piece)) == 3


def test_restore_on_a_live_piece_goes_to_pending_changes(client, editor, section):
    article = make_article(section=section, body="Alt.")
    client.force_login(editor)
    client.post(change_url(article), article_form_data(article, body="Live."))
    old = Revision.objects.create(
        article=article,
        version=1,
        status="published",
        snapshot={**take_snapshot(article), "body": "Alt."},
    )
    article.refresh_from_db()
    restore(client, article, old)
    article.refresh_from_db()
    assert article.body == "Live."
    assert article.pending_changes.snapshot["body"] == "Alt."
    assert "Alt." not in client.get(article.get_absolute_url()).text


def test_restore_with_an_outdated_version_changes_nothing(client, editor, piece):
    client.force_login(editor)
    client.post(change_url(piece), article_form_data(piece, body="Erste Fassung."))
    first = revisions_of(piece)[0]
    url = reverse("admin:articles_article_restore", args=[piece.pk, first.pk])
    response = client.post(url, {"version": "1"}, follow=True)
    assert "inzwischen geändert" in response.text
    assert len(revisions_of(piece)) == 1


def test_deleted_piece_comes_back_from_its_revisions(client, editor, piece):
    client.force_login(editor)
    pk, slug = piece.pk, piece.slug
    client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=pk).exists()
    make_article(section=piece.section, headline="Gespräche in Riad", slug=slug)

    deleted_url = reverse("admin:articles_article_deleted")
    listing = client.get(deleted_url)
    assert "Gespräche in Riad" in listing.text
    revision = listing.context["revisions"][0]
    response = client.post(deleted_url, {"revision": revision.pk})
    assert response.status_code == 302
    restored = Article.objects.get(pk=pk)
    assert restored.status == Article.Status.DRAFT
    assert restored.slug != slug and restored.slug.startswith(slug)
    assert [b.person.name for b in restored.bylines.all()] == ["Lena Hoffmann"]
    assert list(restored.tags.names()) == ["Diplomatie"]
    assert list(client.get(deleted_url).context["revisions"]) == []


def test_reporter_sees_versions_of_own_pieces_only(client, reporter, editor, section):
    own = make_article(section=section, status="draft", created_by=reporter)
    other = make_article(section=section, status="draft", created_by=editor)
    client.force_login(reporter)
    assert client.get(versions_url(own)).status_code == 200
    assert client.get(versions_url(other)).status_code == 404
    assert client.get(reverse("admin:articles_article_deleted")).status_code == 403

"""Corrections as data (Pressekodex, Ziffer 3): on the piece, on /korrekturen/, in
its feed, and "last updated" moves when one is added."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEntry, Correction, Section
from newsroom import pagination

from .builders import article_form_data, make_article

Kind = Correction.Kind


def berlin_time(*args):
    return datetime(*args, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def article(section):
    return make_article(
        section=section,
        headline="Treffen in Riad",
        publish_at=berlin_time(2025, 2, 18, 14, 30),
    )


def correct(article, text, when, kind=Kind.CORRECTION):
    return Correction.objects.create(
        article=article, kind=kind, text=text, created_at=when
    )


def test_piece_shows_corrections_newest_first_with_german_dates(client, article):
    correct(article, "Erste Korrektur.", berlin_time(2025, 2, 18, 16, 5))
    correct(
        article, "Neuer Stand am Abend.", berlin_time(2025, 2, 19, 9, 0), Kind.UPDATE
    )
    correct(
        article, "Gemeint war Riad.", berlin_time(2025, 3, 1, 8, 15), Kind.CLARIFICATION
    )
    html = client.get(article.get_absolute_url()).text
    assert "Korrekturen und Aktualisierungen" in html
    first = html.index("Gemeint war Riad.")
    second = html.index("Neuer Stand am Abend.")
    third = html.index("Erste Korrektur.")
    assert first < second < third
    assert "<strong>Klarstellung</strong> vom" in html
    assert "1. März 2025, 08:15 Uhr" in html
    assert "19. Februar 2025, 09:00 Uhr" in html
    assert "<strong>Korrektur</strong> vom" in html


def test_correction_text_is_escaped(client, article):
    correct(article, "<script>alert(1)</script>", timezone.now())
    html = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_adding_a_correction_moves_last_updated(article):
    assert article.updated_at is None
    before = timezone.now()
    correction = correct(article, "Der Name war falsch geschrieben.", before)
    article.refresh_from_db()
    assert article.updated_at >= before
    assert article.was_updated
    # Editing the text of an existing correction is not a new correction.
    stamp = article.updated_at
    correction.text = "Der Name war falsch geschrieben (Lawrow)."
    correction.save()
    article.refresh_from_db()
    assert article.updated_at == stamp


def test_correction_on_a_draft_sets_no_update_time(section):
    draft = make_article(section=section, status=Article.Status.DRAFT)
    correct(draft, "Vor der Veröffentlichung korrigiert.", timezone.now())
    draft.refresh_from_db()
    assert draft.updated_at is None


def test_correction_added_in_the_admin_moves_last_updated(client, editor, article):
    client.force_login(editor)
    now = timezone.localtime()
    data = article_form_data(
        article,
        **{
            "publish_at_0": timezone.localtime(article.publish_at).strftime("%d.%m.%Y"),
            "publish_at_1": timezone.localtime(article.publish_at).strftime("%H:%M:%S"),
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": "Das Treffen fand in Riad statt, nicht in Dschidda.",
            "corrections-0-created_at_0": now.strftime("%d.%m.%Y"),
            "corrections-0-created_at_1": now.strftime("%H:%M:%S"),
        },
    )
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), data
    )
    assert response.status_code == 302, response.context["errors"]
    article.refresh_from_db()
    assert article.corrections.get().kind == Kind.CORRECTION
    assert article.was_updated
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CORRECTION_ADDED)
    assert (entry.article_id, entry.user, entry.details) == (
        article.pk,
        editor,
        {"kind": "correction"},
    )
    html = client.get(article.get_absolute_url()).text
    assert "Aktualisiert am" in html
    assert "nicht in Dschidda" in html


def test_unknown_kind_is_refused(article):
    with pytest.raises(ValidationError):
        Correction(article=article, kind="rumour", text="x").full_clean()


class TestCorrectionsPage:
    def test_lists_corrections_of_published_pieces_newest_first(
        self, client, article, section
    ):
        draft = make_article(section=section, status=Article.Status.DRAFT)
        scheduled = make_article(
            section=section, publish_at=timezone.now() + timedelta(days=1)
        )
        correct(article, "Ältere Korrektur.", berlin_time(2025, 2, 18, 16, 5))
        correct(
            article,
            "Neuere Klarstellung.",
            berlin_time(2025, 2, 20, 10, 0),
            Kind.CLARIFICATION,
        )
        correct(draft, "GEHEIM im Entwurf.", timezone.now())
        correct(scheduled, "GEHEIM im geplanten Artikel.", timezone.now())

        response = client.get("/korrekturen/")
        assert response.status_code == 200
        html = response.text
        assert html.count("<h1>") == 1
        assert "GEHEIM" not in html
        assert html.index("Neuere Klarstellung.") < html.index("Ältere Korrektur.")
        assert "<strong>Klarstellung</strong> vom" in html
        assert "20. Februar 2025, 10:00 Uhr" in html
        correction = Correction.objects.get(text="Neuere Klarstellung.")
        assert f'href="{article.get_absolute_url()}#korrektur-{correction.pk}"' in html
        assert f">{article.headline}</a>" in html

    def test_anchor_of_each_correction_exists_on_the_piece(self, client, article):
        correction = correct(article, "Korrigiert.", timezone.now())
        html = client.get(article.get_absolute_url()).text
        assert f'id="korrektur-{correction.pk}"' in html

    def test_links_its_feed(self, client, db):
        html = client.get("/korrekturen/").text
        assert (
            '<link rel="alternate" type="application/rss+xml" '
            'title="Korrekturen – BerlinMorgen" href="/korrekturen/feed/">'
        ) in html
        assert "Bisher gibt es keine Korrekturen." in html

    def test_is_paginated(self, client, article, monkeypatch):
        monkeypatch.setattr(pagination, "PER_PAGE", 2)
        start = berlin_time(2025, 3, 1, 12, 0)
        for number in range(5):
            correct(
                article, f"Korrektur Nr. {number}.", start + timedelta(hours=number)
            )
        first = client.get("/korrekturen/").text
        assert "Korrektur Nr. 4." in first and "Korrektur Nr. 3." in first
        assert "Korrektur Nr. 2." not in first
        assert 'href="/korrekturen/?seite=2">Ältere Korrekturen →' in first
        second = client.get("/korrekturen/?seite=2").text
        assert "Korrektur Nr. 2." in second and "Korrektur Nr. 1." in second
        assert 'rel="prev" href="/korrekturen/">← Neuere Korrekturen' in second
        assert "Korrektur Nr. 0." in client.get("/korrekturen/?seite=3").text
        assert client.get("/korrekturen/?seite=4").status_code == 404
        assert client.get("/korrekturen/?seite=x").status_code == 404

    @pytest.mark.parametrize("corrections", [1, 25])
    def test_query_count_is_constant(
        self, client, section, corrections, django_assert_num_queries
    ):
        for number in range(corrections):
            piece = make_article(section=section)
            correct(piece, f"Korrektur {number}.", timezone.now())
        # corrections with their pieces and sections, sections in the navigation,
        # pages in the footer
        with django_assert_num_queries(3):
            response = client.get("/korrekturen/")
        assert response.status_code == 200

    def test_is_linked_in_the_footer(self, client, article):
        html = client.get(article.get_absolute_url()).text
        assert '<a href="/korrekturen/">Korrekturen</a>' in html


class TestCorrectionsFeed:
    def test_feed_carries_published_corrections_newest_first(
        self, client, article, section
    ):
        draft = make_article(section=section, status=Article.Status.DRAFT)
        older = correct(article, "Ältere Korrektur.", berlin_time(2025, 2, 18, 16, 5))
        newer = correct(
            article, "Neue Zahlen.", berlin_time(2025, 2, 19, 9, 0), Kind.UPDATE
        )
        correct(draft, "GEHEIM im Entwurf.", timezone.now())

        response = client.get("/korrekturen/feed/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        assert "GEHEIM" not in response.text
        feed = feedparser.parse(response.content)
        assert not feed.bozo
        assert feed.feed.title == "Korrekturen und Aktualisierungen"
        assert feed.feed.link == "http://testserver/korrekturen/"
        assert [entry.title for entry in feed.entries] == [
            "Aktualisierung: Treffen in Riad",
            "Korrektur: Treffen in Riad",
        ]
        first = feed.entries[0]
        assert first.summary == "Neue Zahlen."
        assert first.link == (
            f"http://testserver{article.get_absolute_url()}#korrektur-{newer.pk}"
        )
        assert feed.entries[1].link.endswith(f"#korrektur-{older.pk}")
        published = datetime(*first.published_parsed[:6], tzinfo=UTC)
        assert published == newer.created_at

    def test_feed_query_count_is_constant(
        self, client, section, django_assert_num_queries
    ):
        for number in range(10):
            correct(make_article(section=section), f"K {number}.", timezone.now())
        with django_assert_num_queries(1):
            client.get("/korrekturen/feed/")


def test_korrekturen_is_reserved_for_the_site(db):
    with pytest.raises(ValidationError, match="reserviert"):
        Section(name="Korrekturen", slug="korrekturen").full_clean()

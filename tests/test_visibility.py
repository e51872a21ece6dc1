"""The draft boundary on every reader surface at once.

Each hidden piece is the twin of a published one: same section, tag, date, author
and person mentioned, plus a distinctive word. No page may show that word.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .builders import make_article, make_person

SECRET = "Geheimsache"


def hide_as_draft(article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)


def hide_as_review(article):
    article.submit_for_review()


def hide_as_scheduled(article):
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() + timedelta(days=1)
    )


def hide_as_unpublished(article):
    article.unpublish()


@pytest.fixture(
    params=[hide_as_draft, hide_as_review, hide_as_scheduled, hide_as_unpublished],
    ids=["draft", "review", "scheduled", "unpublished"],
)
def twins(request, section):
    author = make_person(name="Lena Hoffmann")
    minister = make_person(name="Sergej Lawrow")
    published_at = timezone.now() - timedelta(hours=2)
    pieces = []
    for headline in ["Offene Meldung", f"{SECRET} in Riad"]:
        piece = make_article(
            section=section,
            headline=headline,
            body=f"Außenminister Sergej Lawrow sprach in Riad. {headline}.",
            publish_at=published_at,
        )
        piece.bylines.create(person=author)
        piece.mentions.create(person=minister, role="Außenminister")
        piece.tags.add("Diplomatie")
        pieces.append(piece)
    visible, hidden = pieces
    hidden_url = hidden.get_absolute_url()
    request.param(hidden)
    return visible, hidden_url


def test_hidden_piece_appears_on_no_page(client, twins):
    visible, hidden_url = twins
    day = timezone.localtime(visible.publish_at)
    urls = [
        "/",
        visible.get_absolute_url(),
        "/politik/",
        "/themen/diplomatie/",
        "/personen/lena-hoffmann/",
        "/personen/sergej-lawrow/",
        f"/archiv/{day:%Y}/",
        f"/archiv/{day:%Y/%m}/",
        f"/archiv/{day:%Y/%m/%d}/",
        "/suche/?q=Riad",
        "/suche/?q=Lawrow",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Offene Meldung" in response.text, url
        assert SECRET not in response.text, url
    assert client.get(hidden_url).status_code == 404


def test_search_for_the_hidden_word_finds_nothing(client, twins):
    response = client.get(f"/suche/?q={SECRET}")
    assert SECRET not in response.text.split("</h1>")[1]
    assert "Keine Artikel gefunden" in response.text


def test_no_related_list_shows_a_hidden_piece(client, twins):
    visible, _ = twins
    assert "Mehr zum Thema" not in client.get(visible.get_absolute_url()).text


def test_person_only_mentioned_in_drafts_leaves_no_trace(client, section):
    suspect = make_person(name="Max Verdacht")
    draft = make_article(
        section=section, status=Article.Status.DRAFT, headline="Recherche läuft"
    )
    draft.mentions.create(person=suspect, role="Verdächtiger")
    make_article(section=section, headline="Offene Meldung")
    assert client.get(suspect.get_absolute_url()).status_code == 404
    for url in ["/", "/politik/", "/suche/?q=Verdacht"]:
        assert "Verdacht" not in client.get(url).text.split("</h1>")[1], url


def test_staff_keep_the_preview(admin_client, section):
    draft = make_article(
        section=section, status=Article.Status.DRAFT, headline=f"{SECRET} im Entwurf"
    )
    response = admin_client.get(f"/admin/articles/article/{draft.pk}/vorschau/")
    assert response.status_code == 200
    assert f"<h1>{SECRET} im Entwurf</h1>" in response.text
    assert "Vorschau" in response.text

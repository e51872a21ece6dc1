from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .builders import make_article, make_person


@pytest.fixture
def article(section):
    article = make_article(
        section=section,
        headline="Treffen in Riad",
        body="## Wer saß mit am Tisch?\n\nEin Absatz.\n\n<script>alert(1)</script>",
        publish_at=timezone.make_aware(timezone.datetime(2025, 2, 18, 14, 30)),
        sign_off="Wir bleiben am Ball für Sie. BerlinMorgen.",
    )
    article.bylines.create(
        person=make_person(name="Lena Hoffmann"), role="mit Agenturen"
    )
    article.tags.add("Diplomatie")
    return article


def test_article_page_shows_the_piece(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert "<h1>Treffen in Riad</h1>" in html
    assert "<h2>Wer saß mit am Tisch?</h2>" in html
    assert "18. Februar 2025, 14:30 Uhr" in html
    assert "Lena Hoffmann</a> (mit Agenturen)" in html
    assert "Diplomatie" in html
    assert "Wir bleiben am Ball für Sie. BerlinMorgen." in html
    assert "<script>alert" not in html
    assert '<html lang="de">' in html


def test_article_url_is_readable_german(article):
    assert article.get_absolute_url() == "/politik/2025/02/18/treffen-in-riad/"


def test_wrong_date_or_section_redirects_to_canonical_url(client, article):
    response = client.get("/wirtschaft/2025/2/18/treffen-in-riad/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    "change",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"publish_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "review", "scheduled"],
)
def test_unpublished_piece_is_not_found(client, article, change):
    url = article.get_absolute_url()
    Article.objects.filter(pk=article.pk).update(**change)
    response = client.get(url)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text
    assert "Treffen in Riad" not in response.text


def test_article_page_query_count(client, article, django_assert_num_queries):
    # article with section, bylines, tags, mentions, corrections; since the readers'
    # site: related pieces and the sections in the site navigation; the newsroom's
    # own pages in the footer
    with django_assert_num_queries(8):
        client.get(article.get_absolute_url())


def test_home_lists_published_pieces_only(client, article, section):
    make_article(
        section=section, status=Article.Status.DRAFT, headline="Geheimer Entwurf"
    )
    response = client.get("/")
    assert "Treffen in Riad" in response.text
    assert "Geheimer Entwurf" not in response.text

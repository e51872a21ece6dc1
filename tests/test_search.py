"""Search over headline, teaser, body, tags and people; on SQLite and PostgreSQL."""

import re

import pytest
from django.db import connection

from articles.models import Article
from articles.search import clean_query

from .builders import make_article, make_person

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's German stemming"
)


def results_html(client, query):
    """The results part of the search page, without the <mark> highlights."""
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200
    return re.sub("</?mark>", "", response.text.split("</h1>")[1])


def headlines(client, query):
    html = results_html(client, query)
    return [
        article.headline
        for article in Article.objects.all()
        if article.headline in html
    ]


@pytest.fixture
def pieces(section):
    riad = make_article(
        section=section,
        headline="Treffen in Riad",
        teaser="Die Delegationen sprechen.",
        body="Nach den Gesprächen blieb vieles offen.",
    )
    riad.tags.add("Diplomatie")
    riad.mentions.create(person=make_person(name="Sergej Lawrow"))
    markets = make_article(
        section=section,
        headline="Märkte reagieren",
        teaser="Die Börse schaut nach Riad.",
        body="Die Händler warten ab.",
    )
    markets.bylines.create(person=make_person(name="Lena Hoffmann"))
    return riad, markets


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Märkte", ["Märkte reagieren"]),
        ("Delegationen", ["Treffen in Riad"]),
        ("vieles offen", ["Treffen in Riad"]),
        ("Diplomatie", ["Treffen in Riad"]),
        ("Lawrow", ["Treffen in Riad"]),
        ("Hoffmann", ["Märkte reagieren"]),
        ("Mondlandung", []),
    ],
)
def test_search_finds_by_every_field(client, pieces, query, expected):
    assert headlines(client, query) == expected


def test_headline_matches_rank_first(client, pieces):
    html = results_html(client, "Riad")
    assert html.index("Treffen in Riad") < html.index("Märkte reagieren")


def test_inflected_forms_find_each_other(client, pieces):
    # "Gesprächen" is in the body; readers type the nominative plural.
    assert headlines(client, "Gespräche") == ["Treffen in Riad"]


@on_postgres
def test_postgres_uses_german_stemming(client, section):
    make_article(section=section, headline="Neue Gespräche", body="Kein Wort mehr.")
    assert headlines(client, "Gesprächen") == ["Neue Gespräche"]
    assert headlines(client, "Gespräch") == ["Neue Gespräche"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!! ??? ...",
        "' OR 1=1; DROP TABLE articles_article; --",
        "Riad" * 500,
        "\x00Riad\x1f",
        '"unbalanced',
        "a & | ! ( ) : * <->",
        "<script>alert(1)</script>",
    ],
)
def test_hostile_queries_give_a_calm_page(client, pieces, query):
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert Article.objects.count() == 2


def test_clean_query_bounds_and_strips():
    assert clean_query("  Riad \x00 Gespräche\n") == "Riad Gespräche"
    assert len(clean_query("x" * 10_000)) == 200


def test_search_box_keeps_the_query(client, pieces):
    html = client.get("/suche/", {"q": "Riad"}).text
    assert 'name="q" value="Riad"' in html
    assert '<meta name="robots" content="noindex, follow">' in html

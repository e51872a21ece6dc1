"""Search over headline, teaser, body, tags and people; on SQLite and PostgreSQL."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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


def test_index_is_kept_current_on_every_change(client, section):
    article = make_article(section=section, headline="Kein Thema", body="Über Riad.")
    assert headlines(client, "Riad") == ["Kein Thema"]
    article.body = "Über Kiew."
    article.save()
    assert headlines(client, "Riad") == []
    assert headlines(client, "Kiew") == ["Kein Thema"]
    Article.objects.filter(pk=article.pk).update(teaser="Neu aus Minsk.")
    assert headlines(client, "Minsk") == ["Kein Thema"]
    article.delete()
    make_article(section=section, headline="Noch ein Thema", body="Über Kiew.")
    assert headlines(client, "Kiew") == ["Noch ein Thema"]


def test_search_reads_an_index_not_every_text(client, pieces):
    with CaptureQueriesContext(connection) as queries:
        client.get("/suche/", {"q": "Riad"})
    texts = [f'"articles_article"."{name}"' for name in ["headline", "teaser", "body"]]
    for query in queries:
        likes = re.findall(r"(\S+)\)? LIKE", query["sql"])
        assert not any(text in like for like in likes for text in texts)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index of SQLite")
def test_sqlite_index_has_its_triggers(db):
    # A migration that rebuilds articles_article on SQLite drops them.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name = 'articles_article' ORDER BY name"
        )
        names = [row[0] for row in cursor.fetchall()]
    assert names == [
        "article_search_delete",
        "article_search_insert",
        "article_search_update",
    ]


def test_headline_then_teaser_then_text_newest_first(client, section):
    now = timezone.now()
    for headline, teaser, body, hours_ago in [
        ("Im Text, neu", "Vorspann.", "Es geht um Zölle.", 1),
        ("Im Text, alt", "Vorspann.", "Es geht um Zölle.", 5),
        ("Im Vorspann", "Es geht um Zölle.", "Text.", 9),
        ("Zölle im Titel", "Vorspann.", "Text.", 20),
    ]:
        make_article(
            section=section,
            headline=headline,
            teaser=teaser,
            body=body,
            publish_at=now - timedelta(hours=hours_ago),
        )
    html = results_html(client, "Zölle")
    positions = [
        html.index(headline)
        for headline in [
            "Zölle im Titel",
            "Im Vorspann",
            "Im Text, neu",
            "Im Text, alt",
        ]
    ]
    assert positions == sorted(positions)


def test_whole_words_are_marked_in_a_short_excerpt(client, section):
    make_article(
        section=section,
        headline="Ein langer Bericht",
        teaser="Der Vorspann nennt nichts.",
        body="Erster Absatz ohne Treffer. " * 200
        + "Nach den Gesprächen in Wladiwostok. "
        + "Letzter Absatz ohne Treffer. " * 200,
    )
    html = client.get("/suche/", {"q": "Gespräche"}).text.split("</h1>")[1]
    assert "<mark>Gesprächen</mark>" in html
    excerpt = re.search(r"<p>([^<]*<mark>.*?)</p>", html)[1]
    assert len(re.sub("<[^>]+>", "", excerpt)) < 300


def test_umlauts_may_be_typed_without_dots(client, pieces):
    assert headlines(client, "Gesprache") == ["Treffen in Riad"]


def test_punctuation_between_words_is_ignored(client, pieces):
    assert headlines(client, "_ Riad! (Treffen)") == ["Treffen in Riad"]

"""Every public page runs a fixed number of queries, however rich or long its lists.

Each page is measured on a small newsroom and on a realistic one (30 pieces, each
with 3 authors, 8 tags and 12 people mentioned); the count must be the same.
"""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline, Mention, Section, Tag, TaggedArticle
from people.models import Person

START = datetime(2025, 2, 18, 9, 0, tzinfo=timezone.get_default_timezone())


def build_newsroom(pieces, authors, tags, people):
    section = Section.objects.create(name="Politik", slug="politik")
    Section.objects.create(name="Wirtschaft", slug="wirtschaft")
    staff = [Person.objects.create(name=f"Autorin Nummer{n}") for n in range(authors)]
    named = [Person.objects.create(name=f"Politiker Nummer{n}") for n in range(people)]
    topics = [Tag.objects.create(name=f"Thema {n}") for n in range(tags)]
    for number in range(pieces):
        article = Article.objects.create(
            headline=f"Gespräche in Riad, Teil {number}",
            teaser="Die Delegationen sprechen.",
            body=" ".join(f"{person.name} sagt etwas." for person in named),
            section=section,
            status=Article.Status.PUBLISHED,
            publish_at=START + timedelta(minutes=number),
        )
        Byline.objects.bulk_create(
            Byline(article=article, person=person, position=n)
            for n, person in enumerate(staff)
        )
        Mention.objects.bulk_create(
            Mention(article=article, person=person, role="Minister") for person in named
        )
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object=article, tag=tag) for tag in topics
        )
    return article


@pytest.fixture(params=["small", "realistic"])
def newsroom(request, db):
    if request.param == "small":
        return build_newsroom(pieces=2, authors=1, tags=1, people=1)
    return build_newsroom(pieces=30, authors=3, tags=8, people=12)


def url_of(kind, article):
    return {
        # latest pieces with bylines, pieces by section with bylines, sections;
        # on every page, one more query: the newsroom's own pages in the footer
        "home": ("/", 6),
        # article, bylines, tags, mentions, corrections, related pieces, sections
        "article": (article.get_absolute_url(), 8),
        # person, pieces written, pieces mentioning them, the bylines of whichever
        # list has rows (here one: authors are not mentioned), sections
        "author": ("/personen/autorin-nummer0/", 6),
        "person": ("/personen/politiker-nummer0/", 6),
        # the section or tag, its pieces, their bylines, sections
        "section": ("/politik/", 5),
        "tag": ("/themen/thema-0/", 5),
        # pieces, their bylines, sections
        "archive_year": ("/archiv/2025/", 4),
        "archive_month": ("/archiv/2025/02/", 4),
        "archive_day": ("/archiv/2025/02/18/", 4),
        "search": ("/suche/?q=Riad", 4),
    }[kind]


@pytest.mark.parametrize(
    "kind",
    [
        "home",
        "article",
        "author",
        "person",
        "section",
        "tag",
        "archive_year",
        "archive_month",
        "archive_day",
        "search",
    ],
)
def test_page_runs_a_constant_number_of_queries(
    client, newsroom, kind, django_assert_num_queries
):
    url, queries = url_of(kind, newsroom)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_later_pages_cost_the_same(client, db, django_assert_num_queries):
    build_newsroom(pieces=30, authors=3, tags=8, people=12)
    with django_assert_num_queries(5):
        response = client.get("/politik/?seite=2")
    assert response.status_code == 200
    assert "Gespräche in Riad, Teil 9" in response.text


@pytest.mark.parametrize("url", ["/", "/politik/", "/themen/thema-0/", "/feed/"])
def test_lists_load_only_what_a_teaser_shows(client, db, url):
    build_newsroom(pieces=3, authors=1, tags=1, people=1)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    listings = [
        query["sql"]
        for query in queries
        if 'FROM "articles_article"' in query["sql"] and '"headline"' in query["sql"]
    ]
    assert listings
    for column in ["body", "body_html", "seo_description", "hero_caption", "version"]:
        assert not any(f'"articles_article"."{column}"' in sql for sql in listings)

"""Sitemaps, the Google News sitemap and robots.txt, read as a search engine would."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.models import Article, Mention, Section
from articles.sitemaps import ArticleSitemap
from people.models import Person

from .builders import make_article, make_person

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture
def newsroom(section):
    """Visible pieces of today and of last week; a draft and a scheduled piece whose
    section, tag and people appear nowhere else."""
    now = timezone.now()
    weiss = make_person(name="Jürgen Weiß")
    lawrow = make_person(name="Sergej Lawrow")
    make_person(name="Ohne Artikel")
    talks = make_article(
        headline="Gespräche in Riad: Lawrow & Rubio",
        section=section,
        publish_at=now - timedelta(hours=1),
    )
    talks.bylines.create(person=weiss)
    talks.tags.add("Außenpolitik")
    Mention.objects.create(article=talks, person=lawrow)
    english = make_article(
        headline="Talks in Riyadh",
        language="en",
        section=section,
        publish_at=now - timedelta(hours=30),
    )
    english.bylines.create(person=weiss)
    economy = Section.objects.create(name="Wirtschaft", slug="wirtschaft")
    markets = make_article(
        headline="Börse schließt höher",
        section=economy,
        publish_at=now - timedelta(days=3),
    )
    markets.tags.add("Börse")
    hidden = [
        make_article(
            status=Article.Status.DRAFT,
            headline="GEHEIMER ENTWURF",
            section=Section.objects.create(name="Kultur", slug="kultur"),
        ),
        make_article(
            headline="GEPLANTER ARTIKEL",
            section=Section.objects.create(name="Sport", slug="sport"),
            publish_at=now + timedelta(hours=1),
        ),
    ]
    for article in hidden:
        article.bylines.create(person=make_person(name=f"Nur {article.headline}"))
        article.tags.add(f"Nur {article.headline}")
    return {"talks": talks, "english": english, "markets": markets, "hidden": hidden}


def read_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    assert "GEHEIM" not in response.text
    assert "GEPLANT" not in response.text
    return response, ElementTree.fromstring(response.content)


def sitemap_entries(client, url):
    """{path: lastmod} of a sitemap; every location absolute and answering 200."""
    _, root = read_xml(client, url)
    entries = {}
    for node in root.findall("sm:url", NS):
        location = urlsplit(node.findtext("sm:loc", namespaces=NS))
        assert (location.scheme, location.netloc) == ("http", "testserver")
        assert client.get(location.path).status_code == 200, location.path
        entries[location.path] = node.findtext("sm:lastmod", namespaces=NS)
    assert None not in entries.values()
    return entries


def index_entries(client):
    """{location: lastmod} of the sitemap index."""
    _, root = read_xml(client, "/sitemap.xml")
    return {
        node.findtext("sm:loc", namespaces=NS): node.findtext(
            "sm:lastmod", namespaces=NS
        )
        for node in root.findall("sm:sitemap", NS)
    }


def test_index_lists_the_sitemaps_with_their_last_change(client, newsroom):
    sitemaps = index_entries(client)

    assert list(sitemaps) == [
        "http://testserver/sitemap-artikel.xml",
        "http://testserver/sitemap-personen.xml",
        "http://testserver/sitemap-themen.xml",
        "http://testserver/sitemap-ressorts.xml",
    ]
    talks = newsroom["talks"]
    newest = timezone.localtime(talks.publish_at).isoformat()
    assert sitemaps["http://testserver/sitemap-artikel.xml"] == newest
    assert sitemaps["http://testserver/sitemap-ressorts.xml"] == newest
    assert all(sitemaps.values())


def test_index_dates_pieces_and_people_by_their_latest_visible_change(client, newsroom):
    markets = newsroom["markets"]
    markets.headline = "Börse schließt deutlich höher"
    markets.save()
    lawrow = Person.objects.get(name="Sergej Lawrow")
    lawrow.description = "Russischer Außenminister"
    lawrow.save()
    # Later changes nobody sees: hidden pieces (one unpublished after an update)
    # and people without a visible piece.
    later = timezone.now() + timedelta(minutes=5)
    hidden = [article.pk for article in newsroom["hidden"]]
    Article.objects.filter(pk__in=hidden).update(updated_at=later)
    listed = ["Jürgen Weiß", "Sergej Lawrow"]
    Person.objects.exclude(name__in=listed).update(updated_at=later)

    sitemaps = index_entries(client)

    assert sitemaps["http://testserver/sitemap-artikel.xml"] == (
        timezone.localtime(markets.updated_at).isoformat()
    )
    assert sitemaps["http://testserver/sitemap-personen.xml"] == (
        timezone.localtime(lawrow.updated_at).isoformat()
    )


def test_article_sitemap_lists_only_visible_pieces(client, newsroom):
    entries = sitemap_entries(client, "/sitemap-artikel.xml")

    pieces = [newsroom["talks"], newsroom["english"], newsroom["markets"]]
    assert entries == {
        piece.get_absolute_url(): f"{timezone.localdate(piece.publish_at):%Y-%m-%d}"
        for piece in pieces
    }


def test_an_update_moves_the_lastmod_of_a_piece(client, newsroom):
    markets = newsroom["markets"]
    markets.headline = "Börse schließt deutlich höher"
    markets.save()

    entries = sitemap_entries(client, "/sitemap-artikel.xml")

    assert entries[markets.get_absolute_url()] == f"{timezone.localdate():%Y-%m-%d}"


def test_people_sitemap_lists_people_with_a_visible_piece(client, newsroom):
    entries = sitemap_entries(client, "/sitemap-personen.xml")

    assert set(entries) == {"/personen/juergen-weiss/", "/personen/sergej-lawrow/"}


def test_tag_and_section_sitemaps_list_those_with_visible_pieces(client, newsroom):
    tags = sitemap_entries(client, "/sitemap-themen.xml")
    sections = sitemap_entries(client, "/sitemap-ressorts.xml")

    assert set(tags) == {"/themen/aussenpolitik/", "/themen/boerse/"}
    assert set(sections) == {"/politik/", "/wirtschaft/"}
    markets = newsroom["markets"]
    assert (
        sections["/wirtschaft/"] == f"{timezone.localdate(markets.publish_at):%Y-%m-%d}"
    )


def test_large_sitemaps_are_split(client, newsroom, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)

    _, root = read_xml(client, "/sitemap.xml")
    locations = [node.findtext("sm:loc", namespaces=NS) for node in root]

    assert locations[:2] == [
        "http://testserver/sitemap-artikel.xml",
        "http://testserver/sitemap-artikel.xml?p=2",
    ]
    first = sitemap_entries(client, "/sitemap-artikel.xml")
    second = sitemap_entries(client, "/sitemap-artikel.xml?p=2")
    assert len(first) == 2
    assert len(second) == 1
    assert not set(first) & set(second)
    assert client.get("/sitemap-artikel.xml?p=3").status_code == 404
    assert client.get("/sitemap-artikel.xml?p=zwei").status_code == 404


def test_unknown_sitemap_is_not_found(client, newsroom):
    assert client.get("/sitemap-entwuerfe.xml").status_code == 404


def test_news_sitemap_lists_the_last_two_days(client, newsroom, settings):
    settings.PUBLICATION_NAME = "BerlinMorgen"
    _, root = read_xml(client, "/sitemap-news.xml")

    entries = {}
    for node in root.findall("sm:url", NS):
        news = node.find("news:news", NS)
        entries[node.findtext("sm:loc", namespaces=NS)] = (
            news.findtext("news:publication/news:name", namespaces=NS),
            news.findtext("news:publication/news:language", namespaces=NS),
            datetime.fromisoformat(
                news.findtext("news:publication_date", namespaces=NS)
            ),
            news.findtext("news:title", namespaces=NS),
        )

    talks, english = newsroom["talks"], newsroom["english"]
    assert entries == {
        f"http://testserver{talks.get_absolute_url()}": (
            "BerlinMorgen",
            "de",
            talks.first_published_at,
            "Gespräche in Riad: Lawrow & Rubio",
        ),
        f"http://testserver{english.get_absolute_url()}": (
            "BerlinMorgen",
            "en",
            english.first_published_at,
            "Talks in Riyadh",
        ),
    }


def test_robots_txt_names_the_sitemaps_and_keeps_crawlers_out(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /vorschau/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines


@pytest.mark.parametrize(
    "url, queries",
    [
        # the lowest and the highest key of each sitemap; the newest piece and
        # the latest update of the pieces; the newest change of tags and sections;
        # the latest change to a listed person, and for bylines and for mentions
        # the newest piece with one
        ("/sitemap.xml", 15),
        # the lowest key, one range of keys from there, each entry with its newest
        # piece in it
        ("/sitemap-artikel.xml", 2),
        ("/sitemap-personen.xml", 2),
        ("/sitemap-themen.xml", 2),
        ("/sitemap-ressorts.xml", 2),
        ("/sitemap-news.xml", 2),
    ],
)
def test_sitemaps_run_a_constant_number_of_queries(
    client, newsroom, section, url, queries, django_assert_num_queries
):
    for number in range(20):
        piece = make_article(section=section)
        piece.bylines.create(person=make_person())
        piece.tags.add(f"Thema {number}", "Außenpolitik")
        Mention.objects.create(article=piece, person=make_person())

    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200

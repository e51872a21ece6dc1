"""RSS and Atom feeds: read by a real feed parser, as a feed reader would."""

import re
import time
from calendar import timegm
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.feeds import FEED_LENGTH
from articles.models import Article, Mention, Section
from people.models import Person

from .builders import make_article, make_person

FORMATS = {"": "application/rss+xml", "atom/": "application/atom+xml"}


@pytest.fixture
def newsroom(section):
    """Two pieces in Politik, one in Wirtschaft, a draft and a scheduled twin.

    Everything was last saved six hours ago, so a save in a test is a later change
    even when the HTTP date only counts seconds.
    """
    now = timezone.now()
    lawrow = make_person(name="Sergej Lawrow")
    weiss = make_person(name="Jürgen Weiß")
    gross = make_person(name="Anna Groß")
    economy = Section.objects.create(name="Wirtschaft", slug="wirtschaft")
    talks = make_article(
        headline="Gespräche in Riad: Lawrow & Rubio",
        teaser="Die Außenminister sprechen über Frieden & <Sicherheit>.",
        section=section,
        publish_at=now - timedelta(hours=5),
    )
    talks.bylines.create(person=weiss, position=0)
    talks.bylines.create(person=gross, role="mit Agenturen", position=1)
    talks.tags.add("Außenpolitik", "Russland")
    Mention.objects.create(article=talks, person=lawrow, role="Außenminister")
    column = make_article(
        headline="Kommentar von Lawrow über Europa",
        section=section,
        publish_at=now - timedelta(hours=4),
    )
    column.bylines.create(person=lawrow)
    markets = make_article(
        headline="Börse in Frankfurt schließt höher",
        section=economy,
        publish_at=now - timedelta(hours=3),
    )
    markets.bylines.create(person=weiss)
    markets.tags.add("Börse")
    for status, publish_at in [
        (Article.Status.DRAFT, None),
        (Article.Status.PUBLISHED, now + timedelta(days=1)),
    ]:
        twin = make_article(
            status=status,
            headline="GEHEIMER ZWILLING über Lawrow",
            section=section,
            publish_at=publish_at,
        )
        twin.bylines.create(person=weiss)
        twin.tags.add("Außenpolitik")
        Mention.objects.create(article=twin, person=lawrow)
    # A revision a little later moves "zuletzt aktualisiert".
    markets.headline = "Börse in Frankfurt schließt deutlich höher"
    markets.save()
    Article.objects.update(modified_at=now - timedelta(hours=6))
    Person.objects.update(updated_at=now - timedelta(hours=6))
    Article.objects.filter(pk=markets.pk).update(updated_at=now - timedelta(hours=2))
    talks.refresh_from_db()
    markets.refresh_from_db()
    return {"talks": talks, "column": column, "markets": markets}


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert "GEHEIMER ZWILLING" not in response.text
    return response, feed


def headlines(feed):
    return [entry.title for entry in feed.entries]


def entry_time(struct):
    return datetime.fromtimestamp(timegm(struct), tz=UTC)


@pytest.mark.parametrize("suffix", FORMATS)
def test_site_feed_lists_published_pieces_newest_first(client, newsroom, suffix):
    response, feed = read_feed(client, f"/feed/{suffix}")

    assert response["Content-Type"] == f"{FORMATS[suffix]}; charset=utf-8"
    assert feed.feed.title == "BerlinMorgen"
    assert feed.feed.link == "http://testserver/"
    assert headlines(feed) == [
        "Börse in Frankfurt schließt deutlich höher",
        "Kommentar von Lawrow über Europa",
        "Gespräche in Riad: Lawrow & Rubio",
    ]


@pytest.mark.parametrize("suffix", FORMATS)
def test_entries_carry_link_teaser_authors_dates_and_tags(client, newsroom, suffix):
    talks = newsroom["talks"]
    _, feed = read_feed(client, f"/feed/{suffix}")
    entry = feed.entries[2]

    assert entry.link == f"http://testserver{talks.get_absolute_url()}"
    # The teaser is plain text; feeds carry HTML there, so it arrives escaped.
    assert (
        entry.summary
        == "Die Außenminister sprechen über Frieden &amp; &lt;Sicherheit&gt;."
    )
    assert entry.author == "Jürgen Weiß und Anna Groß"
    assert sorted(tag.term for tag in entry.tags) == ["Außenpolitik", "Russland"]
    published = talks.first_published_at.replace(microsecond=0)
    assert entry_time(entry.published_parsed) == published


@pytest.mark.parametrize("suffix", FORMATS)
def test_categories_come_in_the_order_the_tags_were_given(client, newsroom, suffix):
    markets = newsroom["markets"]
    # Neither alphabetical nor in the order the tags were created.
    markets.tags.add("Zoll")
    markets.tags.add("Außenpolitik")

    _, feed = read_feed(client, f"/feed/{suffix}")

    assert [tag.term for tag in feed.entries[0].tags] == [
        "Börse",
        "Zoll",
        "Außenpolitik",
    ]
    assert [tag.name for tag in markets.tags.all()] == ["Börse", "Zoll", "Außenpolitik"]


def test_atom_entries_carry_the_update_time(client, newsroom):
    markets, talks = newsroom["markets"], newsroom["talks"]
    assert markets.was_updated
    _, feed = read_feed(client, "/feed/atom/")

    updated = {entry.title: entry_time(entry.updated_parsed) for entry in feed.entries}
    assert updated[markets.headline] == markets.updated_at.replace(microsecond=0)
    # A piece never updated says so with its first publication time.
    published = talks.first_published_at.replace(microsecond=0)
    assert updated[talks.headline] == published


@pytest.mark.parametrize("suffix", FORMATS)
def test_section_feed(client, newsroom, suffix):
    _, feed = read_feed(client, f"/politik/feed/{suffix}")

    assert feed.feed.title == "BerlinMorgen – Politik"
    assert feed.feed.link == "http://testserver/politik/"
    assert headlines(feed) == [
        "Kommentar von Lawrow über Europa",
        "Gespräche in Riad: Lawrow & Rubio",
    ]


@pytest.mark.parametrize("suffix", FORMATS)
def test_tag_feed(client, newsroom, suffix):
    _, feed = read_feed(client, f"/themen/aussenpolitik/feed/{suffix}")

    assert feed.feed.title == "BerlinMorgen – Thema: Außenpolitik"
    assert headlines(feed) == ["Gespräche in Riad: Lawrow & Rubio"]


@pytest.mark.parametrize("suffix", FORMATS)
def test_person_feed_has_pieces_by_and_about_them(client, newsroom, suffix):
    _, feed = read_feed(client, f"/personen/sergej-lawrow/feed/{suffix}")

    assert feed.feed.title == "BerlinMorgen – Sergej Lawrow"
    assert feed.feed.link == "http://testserver/personen/sergej-lawrow/"
    assert headlines(feed) == [
        "Kommentar von Lawrow über Europa",
        "Gespräche in Riad: Lawrow & Rubio",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/ressort-gibt-es-nicht/feed/",
        "/themen/gibt-es-nicht/feed/atom/",
        "/personen/gibt-es-nicht/feed/",
        # Only named in a draft: no feed, like no person page.
        "/personen/nur-im-entwurf/feed/",
        "/personen/nur-im-entwurf/feed/atom/",
    ],
)
def test_unknown_or_unpublished_objects_have_no_feed(client, newsroom, url):
    hidden = make_person(name="Nur im Entwurf")
    draft = make_article(status=Article.Status.DRAFT)
    draft.bylines.create(person=hidden)

    assert client.get(url).status_code == 404


def test_feed_lists_the_newest_fifty(client, section):
    start = timezone.now() - timedelta(days=1)
    for number in range(FEED_LENGTH + 2):
        make_article(
            headline=f"Meldung {number}",
            section=section,
            publish_at=start + timedelta(minutes=number),
        )

    _, feed = read_feed(client, "/politik/feed/")

    assert len(feed.entries) == FEED_LENGTH
    assert feed.entries[0].title == f"Meldung {FEED_LENGTH + 1}"
    assert feed.entries[-1].title == "Meldung 2"


@pytest.mark.parametrize(
    "url, queries",
    [
        # the pieces, their bylines, their tags
        ("/feed/", 3),
        ("/feed/atom/", 3),
        # plus the section or tag
        ("/politik/feed/", 4),
        ("/themen/aussenpolitik/feed/atom/", 4),
        # plus the person and their newest bylines and mentions
        ("/personen/sergej-lawrow/feed/", 6),
    ],
)
def test_feeds_run_a_constant_number_of_queries(
    client, newsroom, section, url, queries, django_assert_num_queries
):
    lawrow = Person.objects.get(slug="sergej-lawrow")
    for number in range(FEED_LENGTH + 5):
        piece = make_article(section=section, headline=f"Noch eine Meldung {number}")
        piece.bylines.create(person=lawrow)
        piece.bylines.create(person=make_person())
        piece.tags.add("Außenpolitik", f"Thema {number}")

    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def alternate_links(html):
    return re.findall(
        r'<link rel="alternate" type="(application/(?:rss|atom)\+xml)" '
        r'title="([^"]*)" href="([^"]*)">',
        html,
    )


@pytest.mark.parametrize(
    "page, title, feed",
    [
        ("/", "BerlinMorgen", "/feed/"),
        ("/politik/", "BerlinMorgen – Politik", "/politik/feed/"),
        (
            "/themen/aussenpolitik/",
            "BerlinMorgen – Thema: Außenpolitik",
            "/themen/aussenpolitik/feed/",
        ),
        (
            "/personen/sergej-lawrow/",
            "BerlinMorgen – Sergej Lawrow",
            "/personen/sergej-lawrow/feed/",
        ),
    ],
)
def test_pages_link_their_feeds(client, newsroom, page, title, feed):
    links = alternate_links(client.get(page).text)

    # The page's own feeds first, then the whole site's.
    assert links[:2] == [
        ("application/rss+xml", f"{title} (RSS)", feed),
        ("application/atom+xml", f"{title} (Atom)", f"{feed}atom/"),
    ]
    assert ("application/rss+xml", "BerlinMorgen (RSS)", "/feed/") in links
    for _, _, href in links:
        read_feed(client, href)


def test_repeated_request_is_not_modified(client, newsroom):
    first = client.get("/politik/feed/")
    assert first["ETag"]
    assert first["Last-Modified"]

    by_etag = client.get("/politik/feed/", headers={"if-none-match": first["ETag"]})
    by_date = client.get(
        "/politik/feed/", headers={"if-modified-since": first["Last-Modified"]}
    )

    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert by_date.status_code == 304


def assert_changed(client, url, before):
    """Neither validator of the earlier response may still count as current."""
    by_etag = client.get(url, headers={"if-none-match": before["ETag"]})
    by_date = client.get(url, headers={"if-modified-since": before["Last-Modified"]})
    assert by_etag.status_code == 200
    assert by_date.status_code == 200
    assert by_etag["ETag"] != before["ETag"]


def test_an_edit_changes_the_feed(client, newsroom):
    before = client.get("/politik/feed/")
    talks = newsroom["talks"]
    talks.headline = "Gespräche in Riad: Lawrow und Rubio einigen sich"
    talks.save()

    assert_changed(client, "/politik/feed/", before)
    assert talks.headline in client.get("/politik/feed/").text


def test_a_withdrawn_piece_changes_the_feed(client, newsroom):
    before = client.get("/feed/")
    newsroom["markets"].unpublish()

    assert_changed(client, "/feed/", before)


def test_a_piece_moved_to_another_section_changes_the_feed(client, newsroom):
    before = client.get("/politik/feed/")
    talks = newsroom["talks"]
    talks.section = Section.objects.get(slug="wirtschaft")
    talks.save()

    assert_changed(client, "/politik/feed/", before)


def test_renaming_an_author_changes_the_feed(client, newsroom):
    before = client.get("/personen/sergej-lawrow/feed/")
    lawrow = Person.objects.get(slug="sergej-lawrow")
    lawrow.name = "Sergei Lavrov"
    lawrow.save()

    assert_changed(client, "/personen/sergej-lawrow/feed/", before)


def test_a_scheduled_piece_going_live_changes_the_feed(client, newsroom, section):
    live_at = timezone.now() + timedelta(seconds=1)
    make_article(headline="Pünktlich um eins", section=section, publish_at=live_at)
    Article.objects.update(modified_at=timezone.now() - timedelta(hours=1))
    before = client.get("/politik/feed/")
    assert "Pünktlich" not in before.text

    # Nothing is written when the time comes; the clock alone makes it visible.
    time.sleep(max(0, (live_at - timezone.now()).total_seconds()) + 1.1)

    assert_changed(client, "/politik/feed/", before)
    assert "Pünktlich um eins" in client.get("/politik/feed/").text

"""The pieces of a person and of a tag: newest first, as the pieces change.

These lists are read in order from an index on the bylines, mentions and taggings,
which carry a copy of their piece's `live_from`; every way a piece or a link is
written must keep that copy right.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.models import Article, Byline, Mention, TaggedArticle
from people.models import Person

from .builders import make_article, make_person


def links_of(article):
    return [
        *Byline.objects.filter(article=article),
        *Mention.objects.filter(article=article),
        *TaggedArticle.objects.filter(content_object=article),
    ]


def live_froms(article):
    return {link.live_from for link in links_of(article)}


@pytest.fixture
def draft(section):
    article = make_article(status=Article.Status.DRAFT, section=section)
    article.bylines.create(person=make_person(name="Lena Hoffmann"))
    Mention.objects.create(article=article, person=make_person(name="Sergej Lawrow"))
    article.tags.add("Diplomatie")
    return article


def test_links_follow_the_piece_through_publishing(draft):
    assert live_froms(draft) == {None}

    soon = timezone.now() + timedelta(hours=1)
    draft.publish(at=soon)
    assert live_froms(draft) == {soon}

    draft.publish(at=soon - timedelta(hours=3))
    assert live_froms(draft) == {soon - timedelta(hours=3)}

    draft.unpublish()
    assert live_froms(draft) == {None}


def test_links_added_to_a_published_piece_take_its_time(section):
    article = make_article(section=section)
    article.bylines.create(person=make_person())
    article.tags.add("Außenpolitik")
    Mention.objects.bulk_create([Mention(article=article, person=make_person())])

    assert live_froms(article) == {article.publish_at}


def test_a_scheduled_piece_joins_the_lists_when_its_time_comes(
    client, draft, monkeypatch
):
    draft.publish(at=timezone.now() + timedelta(hours=1))
    urls = ["/personen/lena-hoffmann/", "/personen/sergej-lawrow/"]
    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert draft.headline not in client.get("/themen/diplomatie/").text

    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    for url in [*urls, "/themen/diplomatie/"]:
        assert draft.headline in client.get(url).text, url


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/personen/lena-hoffmann/", "artikel"),
        ("/personen/sergej-lawrow/", "erwaehnt"),
        ("/themen/diplomatie/", "seite"),
    ],
)
def test_lists_show_the_newest_pieces_first_page_by_page(
    client, section, url, parameter
):
    author = Person.objects.create(name="Lena Hoffmann")
    named = Person.objects.create(name="Sergej Lawrow")
    now = timezone.now()
    # Written in one order, published in another.
    ages = [(number * 7) % 23 + 1 for number in range(23)]
    pieces = []
    for age in ages:
        piece = make_article(
            section=section,
            headline=f"Vor {age} Tagen",
            publish_at=now - timedelta(days=age),
        )
        piece.bylines.create(person=author)
        Mention.objects.create(article=piece, person=named)
        piece.tags.add("Diplomatie")
        pieces.append(piece)
    # An old piece moved to the top by a new publication time.
    pieces[0].publish(at=now - timedelta(minutes=5))
    pieces[0].headline = "Jetzt ganz neu"
    pieces[0].save()

    first = client.get(url).text
    second = client.get(f"{url}?{parameter}=2").text

    def order(html, headlines):
        return sorted(
            (html.index(f">{headline}<"), headline)
            for headline in headlines
            if f">{headline}<" in html
        )

    newest = ["Jetzt ganz neu"] + [f"Vor {age} Tagen" for age in range(1, 24)]
    newest.remove(f"Vor {ages[0]} Tagen")
    assert [headline for _, headline in order(first, newest)] == newest[:20]
    assert [headline for _, headline in order(second, newest)] == newest[20:]


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_the_links_of_the_archive_their_piece_time():
    before = [("articles", "0010_article_updated_at_index")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    section = old.get_model("articles", "Section").objects.create(name="Politik")
    person = old.get_model("people", "Person").objects.create(name="A", slug="a")
    tag = old.get_model("articles", "Tag").objects.create(name="T", slug="t")
    published_at = timezone.now() - timedelta(days=3)
    pieces = {
        status: old.get_model("articles", "Article").objects.create(
            headline=status,
            slug=status,
            section=section,
            status=status,
            publish_at=published_at if status == "published" else None,
        )
        for status in ["published", "draft"]
    }
    for piece in pieces.values():
        old.get_model("articles", "Byline").objects.create(article=piece, person=person)
        old.get_model("articles", "Mention").objects.create(
            article=piece, person=person
        )
        old.get_model("articles", "TaggedArticle").objects.create(
            content_object=piece, tag=tag
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert live_froms(pieces["published"].pk) == {published_at}
    assert live_froms(pieces["draft"].pk) == {None}

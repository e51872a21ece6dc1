"""The admin's article list stays cheap on a large archive."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from articles.admin import CappedCountPaginator
from articles.revisions import PendingChanges, take_snapshot

from .builders import make_article, make_person

CHANGELIST = reverse("admin:articles_article_changelist")


def list_queries(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return response, [entry["sql"] for entry in queries]


def test_list_counts_at_most_the_cap_and_never_reads_the_text(client, editor, section):
    client.force_login(editor)
    make_article(section=section, headline="Zölle steigen", body="Ein langer Text.")
    response, queries = list_queries(client, "?status=published&q=Zölle")
    assert "Zölle steigen" in response.text
    counts = [sql for sql in queries if "COUNT(" in sql and "articles_article" in sql]
    assert counts
    assert all(f"LIMIT {CappedCountPaginator.CAP}" in sql for sql in counts)
    selected = [sql.split(" FROM ")[0] for sql in queries]
    listing = [sql for sql in selected if '"articles_article"."headline"' in sql]
    assert listing
    assert not any('"articles_article"."body' in sql for sql in listing)


def test_list_reads_of_the_authors_only_their_names(client, editor, section):
    client.force_login(editor)
    for _ in range(3):
        article = make_article(section=section)
        article.bylines.create(person=make_person(bio="Ein langes Leben."), position=0)
    response, queries = list_queries(client)
    assert response.text.count("Person Nummer") == 3
    bylines = [sql for sql in queries if 'FROM "articles_byline"' in sql]
    assert len(bylines) == 1
    assert '"people_person"."name"' in bylines[0]
    assert '"people_person"."bio"' not in bylines[0]


def test_list_rows_link_to_the_piece_with_the_lists_filters(client, editor, section):
    client.force_login(editor)
    article = make_article(section=section, headline="Zölle steigen")
    change = reverse("admin:articles_article_change", args=[article.pk])
    response, _ = list_queries(client, "?status=published&q=Zölle")
    listed = urlencode({"status": "published", "q": "Zölle"})
    filters = urlencode({"_changelist_filters": listed})
    assert f'<a href="{change}?{filters}">Zölle steigen</a>' in response.text
    response, _ = list_queries(client)
    assert f'<a href="{change}">Zölle steigen</a>' in response.text


def test_list_pages_beyond_the_first(client, editor, section):
    client.force_login(editor)
    for _ in range(3):
        make_article(section=section)
    response, _ = list_queries(client, "?p=2")
    assert response.status_code == 200


def test_change_form_still_has_the_text(client, editor, section):
    client.force_login(editor)
    article = make_article(section=section, body="Der ganze Text des Artikels.")
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Der ganze Text des Artikels." in response.text


def headlines(response):
    return [
        line
        for line in ("Zölle steigen", "Wahl in Kiel", "Neue Brücke")
        if line in response.text
    ]


def test_tag_filter_takes_a_name_or_a_slug(client, editor, section):
    client.force_login(editor)
    tagged = make_article(section=section, headline="Zölle steigen")
    tagged.tags.add("Handel")
    make_article(section=section, headline="Wahl in Kiel").tags.add("Wahlen")
    for value in ["handel", "Handel", "HANDEL"]:
        response, _ = list_queries(client, f"?tag={value}")
        assert headlines(response) == ["Zölle steigen"]
    # The sidebar shows a form with the chosen tag, not a link per tag.
    assert 'name="tag" value="Handel"' in response.text
    assert "?tag=wahlen" not in response.text


def test_tag_list_links_to_its_articles(client, editor, section):
    client.force_login(editor)
    make_article(section=section).tags.add("Handel")
    response = client.get(reverse("admin:articles_tag_changelist"))
    assert f'href="{CHANGELIST}?tag=handel">1</a>' in response.text


def test_unknown_tag_says_so_and_lists_nothing(client, editor, section):
    client.force_login(editor)
    make_article(section=section, headline="Zölle steigen").tags.add("Handel")
    response, _ = list_queries(client, "?tag=Gibtsnicht")
    assert headlines(response) == []
    assert "„Gibtsnicht“ gibt es nicht" in response.text


def test_author_filter_takes_a_name_or_an_id(client, editor, section):
    client.force_login(editor)
    author = make_person(name="Amara Sommer")
    written = make_article(section=section, headline="Zölle steigen")
    written.bylines.create(person=author, position=0)
    make_article(section=section, headline="Wahl in Kiel").bylines.create(
        person=make_person(name="Jonas Berg"), position=0
    )
    for value in [str(author.pk), "amara sommer"]:
        response, _ = list_queries(client, f"?author={value}")
        assert headlines(response) == ["Zölle steigen"]
    assert 'value="Amara Sommer"' in response.text


@pytest.mark.parametrize("value", ["Niemand", "99999999999999999999999", "١٢"])
def test_unknown_author_says_so(client, editor, section, value):
    client.force_login(editor)
    make_article(section=section, headline="Zölle steigen")
    response, _ = list_queries(client, f"?author={value}")
    assert headlines(response) == []
    assert f"„{value}“ gibt es nicht" in response.text


def test_name_filter_keeps_the_other_parameters(client, editor, section):
    client.force_login(editor)
    make_article(section=section, headline="Zölle steigen").tags.add("Handel")
    response, _ = list_queries(client, "?status=published&q=Zölle&tag=handel")
    assert headlines(response) == ["Zölle steigen"]
    assert '<input type="hidden" name="status" value="published">' in response.text
    assert '<input type="hidden" name="q" value="Zölle">' in response.text


def test_search_finds_headline_and_teaser(client, editor, section):
    client.force_login(editor)
    make_article(section=section, headline="Zölle steigen")
    make_article(section=section, headline="Wahl in Kiel", teaser="Die Zölle sinken")
    make_article(section=section, headline="Neue Brücke")
    response, _ = list_queries(client, "?q=Zölle")
    assert headlines(response) == ["Zölle steigen", "Wahl in Kiel"]


def test_search_finds_the_body_through_the_index(client, editor, section):
    client.force_login(editor)
    make_article(section=section, headline="Zölle steigen", body="In Gesprächen.")
    make_article(section=section, headline="Wahl in Kiel")
    response, queries = list_queries(client, "?status=published&q=Gespräche")
    assert headlines(response) == ["Zölle steigen"]
    assert "1 Artikel" in response.text or "1 Ergebnis" in response.text
    # No query reads every text: the search goes through the index.
    assert not any("LIKE" in sql and '"body"' in sql for sql in queries)
    if connection.vendor != "postgresql":
        return
    # The count reads the GIN index only; the setting does not outlive it.
    assert "SET LOCAL enable_seqscan = off" in queries
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone() == ("on",)


def test_search_finds_authors_by_name(client, editor, section):
    client.force_login(editor)
    written = make_article(section=section, headline="Zölle steigen")
    written.bylines.create(person=make_person(name="Amara Sommer"), position=0)
    make_article(section=section, headline="Wahl in Kiel", body="Ein Sommer in Kiel.")
    make_article(section=section, headline="Neue Brücke")
    response, _ = list_queries(client, "?q=Amara+Sommer")
    assert headlines(response) == ["Zölle steigen"]
    response, _ = list_queries(client, "?q=Sommer")
    assert headlines(response) == ["Zölle steigen", "Wahl in Kiel"]


def test_search_without_words_lists_everything(client, editor, section):
    client.force_login(editor)
    make_article(section=section, headline="Zölle steigen")
    response, _ = list_queries(client, "?q=%21%21%21")
    assert headlines(response) == ["Zölle steigen"]


def change_form_queries(client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def add_rows(article, people, tags):
    for position, person in enumerate(people):
        article.bylines.create(person=person, position=position)
        article.mentions.create(person=person, position=position)
    article.tags.add(*tags)


def test_change_form_queries_do_not_grow_with_its_rows(client, editor, section):
    client.force_login(editor)
    few = make_article(section=section)
    add_rows(few, [make_person()], ["Handel"])
    many = make_article(section=section)
    add_rows(many, [make_person() for _ in range(3)], ["Handel", "Zoll", "Kiel"])
    # The first visits build the mention index and note the editor's presence.
    change_form_queries(client, few)
    change_form_queries(client, many)
    response, queries_few = change_form_queries(client, few)
    response, queries_many = change_form_queries(client, many)
    assert queries_many == queries_few
    # Of them, the piece and its rows are read once each: session, user, two for
    # permissions, the piece, its pending changes, its bylines, tags, mentions and
    # corrections, the mention index's freshness, the editor's presence (four),
    # the drafts (two), the section, the other editors, the former slugs, the
    # sections to choose from.
    assert queries_many == 21
    # The rows still show their people and tags, without links to edit them.
    assert response.text.count("Person Nummer") >= 6
    assert ">Zoll</option>" in response.text
    assert "related-widget-wrapper" not in response.text.split('id="bylines-group"')[1]


def test_change_form_of_pending_changes_reads_their_people_and_tags_at_once(
    client, editor, section
):
    client.force_login(editor)
    few = make_article(section=section)
    add_rows(few, [make_person()], ["Handel"])
    many = make_article(section=section)
    add_rows(many, [make_person() for _ in range(3)], ["Handel", "Zoll", "Kiel"])
    for article in (few, many):
        PendingChanges.objects.create(
            article=article, snapshot=take_snapshot(article), saved_by=editor
        )
        change_form_queries(client, article)
    _, queries_few = change_form_queries(client, few)
    response, queries_many = change_form_queries(client, many)
    assert queries_many == queries_few
    assert response.text.count("Person Nummer") >= 6
    assert ">Zoll</option>" in response.text

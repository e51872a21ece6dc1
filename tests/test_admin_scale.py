"""The admin's article list stays cheap on a large archive."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.admin import CappedCountPaginator

from .builders import make_article

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

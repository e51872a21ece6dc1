from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .builders import make_article, make_person

CHANGELIST = reverse("admin:articles_article_changelist")


def make_pieces(count, section):
    authors = [make_person() for _ in range(3)]
    for _ in range(count):
        article = make_article(section=section)
        for position, author in enumerate(authors):
            article.bylines.create(person=author, position=position)
        article.tags.add("USA", "Russland", "Ukraine")


def changelist_queries(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("query", ["", "?status=published&q=Nummer", "?tag=usa"])
def test_list_queries_do_not_grow_with_page_size(client, editor, section, query):
    client.force_login(editor)
    make_pieces(3, section)
    few, _ = changelist_queries(client, query)
    make_pieces(12, section)
    many, response = changelist_queries(client, query)
    assert many == few
    assert response.text.count('class="field-headline"') == 15


def test_list_shows_status_and_authors(client, editor, section):
    client.force_login(editor)
    make_pieces(1, section)
    _, response = changelist_queries(client)
    assert "Veröffentlicht" in response.text
    assert "Person Nummer" in response.text
    make_article(section=section, status=Article.Status.DRAFT)
    make_article(section=section, publish_at=timezone.now() + timedelta(days=1))
    _, response = changelist_queries(client)
    assert "Entwurf" in response.text
    assert "Geplant" in response.text


def test_list_query_count_is_pinned(client, editor, section, django_assert_num_queries):
    client.force_login(editor)
    make_pieces(5, section)
    # session, user, 2× permissions, the section filter, count, page, bylines
    # (the tag and author filters are typed in: no query until they are used)
    with django_assert_num_queries(8):
        client.get(CHANGELIST)

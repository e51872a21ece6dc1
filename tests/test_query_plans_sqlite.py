"""The sitemap index and the home page do the same work however large the archive
(SQLite).

SQLite has no EXPLAIN ANALYZE to count the rows a query reads; its progress
handler, called every few instructions of its virtual machine, measures the work
instead. A query that reads the top of an index does as much at 2,000 pieces as at
1,000; one that reads every published piece (a MAX() over them, or a sort of them
for the first one) does about twice as much.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Mention
from people.models import Person

from .builders import generate_small_archive, make_article, make_person

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the work of SQLite's queries"
)

STEP = 10  # instructions between two calls of the progress handler


def work_per_query(client, url):
    """[SQL, instructions] of each query the page runs."""
    client.get(url)  # (the navigation and the footer links are cached after it)
    work = []

    def count():
        work[-1][1] += STEP

    def note(execute, sql, params, many, context):
        work.append([sql, 0])
        return execute(sql, params, many, context)

    connection.ensure_connection()
    connection.connection.set_progress_handler(count, STEP)
    try:
        with connection.execute_wrapper(note):
            assert client.get(url).status_code == 200
    finally:
        connection.connection.set_progress_handler(None, STEP)
    return work


def grown(before, after):
    """The queries that did markedly more work the second time."""
    return [
        f"{then} → {now} instructions: {sql}"
        for (_, then), (sql, now) in zip(before, after, strict=True)
        if now > 1.2 * then + 100
    ]


def test_sitemap_index_and_home_page_work_does_not_grow_with_the_pieces(client, db):
    pages = ["/sitemap.xml", "/"]
    generate_small_archive("--pieces", "1000")
    before = [work_per_query(client, url) for url in pages]
    generate_small_archive("--pieces", "1000", "--seed", "2", "--append")
    after = [work_per_query(client, url) for url in pages]

    problems = [
        problem
        for page_before, page_after in zip(before, after, strict=True)
        for problem in grown(page_before, page_after)
    ]
    assert not problems, "\n\n".join(problems)


def test_sitemap_index_work_does_not_grow_with_the_people_named(client, section):
    """Most people are named in a piece and few write one: the latest change to a
    listed person is not found by reading everyone who has written nothing."""
    piece = make_article(section=section)
    piece.bylines.create(person=make_person())

    def name_people(count):
        for _ in range(count):
            Mention.objects.create(article=piece, person=make_person())

    name_people(10)
    before = work_per_query(client, "/sitemap.xml")
    name_people(100)
    after = work_per_query(client, "/sitemap.xml")

    problems = grown(before, after)
    assert not problems, "\n\n".join(problems)


def test_search_looks_up_its_matches_by_key(client, db):
    """The index's matches and the pieces of the people named are one list of ids,
    which SQLite looks up by key, instead of reading every published piece and
    testing it against two lists."""
    generate_small_archive("--pieces", "1000")
    named = Person.objects.filter(mentions__isnull=False).first()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/suche/", {"q": named.name})
    assert response.status_code == 200
    [search] = [query["sql"] for query in queries if "article_search" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + search)
        plan = [row[-1] for row in cursor.fetchall()]
    [pieces] = [step for step in plan if step.startswith("SEARCH articles_article")]
    assert "id=?" in pieces or "rowid" in pieces, pieces

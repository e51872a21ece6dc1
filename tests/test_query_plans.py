"""Every query of the public pages can use an index (PostgreSQL).

A few thousand generated pieces are small enough that PostgreSQL rightly prefers a
sequential scan for some queries, so the plans are taken with sequential scans
priced out (`enable_seqscan = off`): a sequential scan that remains on one of the
big tables means no index can serve that query, and at 100,000 pieces it would
read the whole table on every request.
"""

import json

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Section, Tag
from people.models import Person

from .builders import generate_small_archive

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"
)

BIG_TABLES = {
    "articles_article",
    "articles_byline",
    "articles_mention",
    "articles_taggedarticle",
    "people_person",
}


def public_pages():
    article = Article.objects.published().order_by("-publish_at")[500]
    person = Person.objects.filter(mentions__article=article).first()
    local = timezone.localtime(article.publish_at)
    return {
        "home": "/",
        "home, page 3": "/?seite=3",
        "article": article.get_absolute_url(),
        "person": person.get_absolute_url(),
        "tag": article.tags.first().get_absolute_url(),
        "section": Section.objects.first().get_absolute_url(),
        "archive": f"/archiv/{local.year}/{local.month:02d}/",
        "search": "/suche/?q=" + person.name,
        "search, one word": "/suche/?q=" + article.headline.split()[0].strip("„“:"),
        "sitemap index": "/sitemap.xml",
        "sitemap of pieces": "/sitemap-artikel.xml",
        "sitemap of people": "/sitemap-personen.xml",
        "sitemap of tags": "/sitemap-themen.xml",
    }


def sequential_scans(plan):
    """The big tables a plan (EXPLAIN's JSON) reads sequentially."""
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan["Relation Name"] in BIG_TABLES:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += sequential_scans(child)
    return found


def rows_read(plan):
    """How many rows a plan (EXPLAIN ANALYZE's JSON) read from the big tables,
    counting those its filters threw away."""
    read = 0
    if plan.get("Relation Name") in BIG_TABLES:
        per_loop = plan["Actual Rows"] + plan.get("Rows Removed by Filter", 0)
        read += per_loop * plan["Actual Loops"]
    for child in plan.get("Plans", []):
        read += rows_read(child)
    return read


def explain(sql, analyze=False):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        options = "ANALYZE, FORMAT JSON" if analyze else "FORMAT JSON"
        cursor.execute(f"EXPLAIN ({options}) " + sql)
        plan = cursor.fetchone()[0]
    return plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"]


@pytest.fixture
def archive(db):
    generate_small_archive("--pieces", "2000")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def test_public_pages_use_indexes_on_the_big_tables(client, archive):
    # The check itself sees a scan where no index can help.
    unindexed = "SELECT id FROM articles_article WHERE body LIKE '%%Riad%%'"
    assert sequential_scans(explain(unindexed)) == ["articles_article"]
    problems, explained = [], 0
    for kind, url in public_pages().items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (kind, url)
        for query in queries:
            if not query["sql"].startswith("SELECT"):
                continue
            explained += 1
            for table in sequential_scans(explain(query["sql"])):
                problems.append(f"{kind}: Seq Scan on {table} in {query['sql']}")
    # (The navigation and the footer links are cached after the first page.)
    assert explained > 20
    assert not problems, "\n\n".join(problems)


def test_lists_and_sitemaps_read_rows_for_one_page_not_the_archive(client, archive):
    """A person's or a tag's page reads its twenty pieces from the top of an index,
    however many pieces they have; the sitemaps look at most one link of each person
    or tag, instead of grouping all of them."""
    author = Person.objects.annotate(pieces=Count("bylines")).latest("pieces")
    named = Person.objects.annotate(pieces=Count("mentions")).latest("pieces")
    tag = Tag.objects.annotate(pieces=Count("tagged_articles")).latest("pieces")
    assert author.pieces > 200 and named.pieces > 50 and tag.pieces > 50
    page_of_rows = 100
    bounds = {
        author.get_absolute_url(): page_of_rows,
        author.get_absolute_url() + "?artikel=2": page_of_rows,
        named.get_absolute_url(): page_of_rows,
        tag.get_absolute_url(): page_of_rows,
        tag.get_absolute_url() + "?seite=2": page_of_rows,
        # a feed's fifty pieces with their tags
        author.get_absolute_url() + "feed/": 5 * page_of_rows,
        named.get_absolute_url() + "feed/": 5 * page_of_rows,
        tag.get_absolute_url() + "feed/": 5 * page_of_rows,
        # Each figure from one end of an index: a hundred rows or so at most here
        # (the drafts and scheduled pieces above the highest key of a visible
        # one), not everyone who has written nothing (about 390).
        "/sitemap.xml": 200,
        # the newest link of each person or tag, looked at in SELECT and in WHERE
        "/sitemap-personen.xml": 4 * Person.objects.count(),
        "/sitemap-themen.xml": 2 * Tag.objects.count(),
    }
    problems = []
    for url, bound in bounds.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        for query in queries:
            if query["sql"].startswith("SELECT"):
                read = rows_read(explain(query["sql"], analyze=True))
                if read > bound:
                    problems.append(f"{url}: {read} rows read in {query['sql']}")
    assert not problems, "\n\n".join(problems)


def test_search_reads_its_matches_not_the_archive(client, archive):
    """A search reads each matching piece once, and the pieces of the people
    named by their links, however large the archive is."""
    named = Person.objects.annotate(pieces=Count("mentions")).latest("pieces")
    matches = Article.objects.published().search(named.name).count()
    assert 20 < matches < Article.objects.count() / 10
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/suche/", {"q": named.name})
    assert response.status_code == 200
    [search] = [query["sql"] for query in queries if "ts_rank" in query["sql"]]
    with connection.cursor() as cursor:
        # New rows wait in the GIN index's pending list, which makes it look
        # costly; vacuum would empty it on a live database.
        cursor.execute("SELECT gin_clean_pending_list('article_search_vector_idx')")
        cursor.execute("ANALYZE articles_article")
    plan = explain(search, analyze=True)
    # the matches, the person's links, and the pieces of those not yet published
    assert rows_read(plan) <= matches + 2 * named.pieces

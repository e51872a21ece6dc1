"""Every query of the public pages can use an index (PostgreSQL).

A few thousand generated pieces are small enough that PostgreSQL rightly prefers a
sequential scan for some queries, so the plans are taken with sequential scans
priced out (`enable_seqscan = off`): a sequential scan that remains on one of the
big tables means no index can serve that query, and at 100,000 pieces it would
read the whole table on every request.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Section
from people.models import Person

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are checked on PostgreSQL"
)

BIG_TABLES = {
    "articles_article",
    "articles_byline",
    "articles_mention",
    "articles_taggedarticle",
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
    }


def sequential_scans(plan):
    """The big tables a plan (EXPLAIN's JSON) reads sequentially."""
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan["Relation Name"] in BIG_TABLES:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += sequential_scans(child)
    return found


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    return plan[0]["Plan"] if isinstance(plan, list) else json.loads(plan)[0]["Plan"]


@pytest.mark.django_db
def test_public_pages_use_indexes_on_the_big_tables(client):
    call_command(
        "generate_archive",
        "--pieces",
        "2000",
        "--people",
        "400",
        "--tags",
        "150",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
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

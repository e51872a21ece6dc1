"""Search at scale: the stored German vector on PostgreSQL, ranking, highlights."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Tag
from articles.search import people_named, search_words

from .builders import make_article, make_person

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored vector exists on PostgreSQL"
)


def stored_vector(article):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM articles_article WHERE id = %s",
            [article.pk],
        )
        return cursor.fetchone()[0]


def many_other_pieces(section, count=2000):
    """Enough published pieces that reading them all costs more than an index."""
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Bericht {number}",
            slug=f"bericht-{number}",
            teaser="Ein Vorspann.",
            body="Ein Text über anderes.",
            section=section,
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(hours=number),
        )
        for number in range(count)
    )
    with connection.cursor() as cursor:
        # New rows wait in the GIN index's pending list, which makes it look
        # costly; vacuum would empty it on a live database.
        cursor.execute("SELECT gin_clean_pending_list('article_search_vector_idx')")
        cursor.execute("ANALYZE articles_article")


def results(client, query):
    response = client.get("/suche/", {"q": query})
    assert response.status_code == 200
    return response.text.split("</h1>")[1]


@on_postgres
def test_vector_is_stored_with_weights_and_kept_current(section):
    article = make_article(
        section=section, headline="Gespräche in Riad", body="Die Delegationen reden."
    )
    vector = stored_vector(article)
    assert "'gesprach':1A" in vector
    assert "'delegation'" in vector

    article.body = "Die Märkte schließen früher."
    article.save()
    vector = stored_vector(article)
    assert "'delegation'" not in vector
    assert "'markt'" in vector

    Article.objects.filter(pk=article.pk).update(headline="Neue Runde")
    assert "'rund':2A" in stored_vector(article)


@on_postgres
def test_search_uses_the_gin_index(section):
    make_article(section=section, headline="Gespräche in Riad")
    many_other_pieces(section)
    query = Article.objects.published().search("Gespräche")
    with connection.cursor() as cursor:
        # Bitmap scans only: on a small table the planner may as well read the
        # published pieces by their index and test each.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = "\n".join(str(row) for row in query.explain().splitlines())
    assert "article_search_vector_idx" in plan


@on_postgres
def test_german_stemming_across_inflections(client, section):
    make_article(section=section, headline="Die Verhandlungen stocken")
    make_article(section=section, headline="Kein Thema", body="Über Häuser und Bäume.")
    assert "Die <mark>Verhandlungen</mark> stocken" in results(client, "Verhandlung")
    assert "<mark>Bäume</mark>" in results(client, "Baum")
    assert "<mark>Häuser</mark>" in results(client, "Hauses")


def test_results_are_ranked_by_relevance(client, section):
    now = timezone.now()
    make_article(
        section=section,
        headline="Ein anderer Tag",
        body="Am Rande ging es um Zölle.",
        publish_at=now - timedelta(minutes=1),
    )
    make_article(
        section=section, headline="Zölle steigen", publish_at=now - timedelta(days=2)
    )
    html = results(client, "Zölle")
    assert html.index("steigen") < html.index("Ein anderer Tag")


def test_matching_words_are_highlighted(client, section):
    make_article(
        section=section,
        headline="Treffen in Riad",
        teaser="Die Delegationen beraten in Riad.",
    )
    html = results(client, "Riad")
    assert "Treffen in <mark>Riad</mark>" in html
    assert "beraten in <mark>Riad</mark>" in html


def test_highlighted_text_is_escaped(client, section):
    make_article(
        section=section,
        headline="Riad <script>alert(1)</script> & Co",
        teaser='Der Text <img src=x onerror="alert(2)"> über Riad.',
    )
    html = results(client, "Riad")
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>Riad</mark>" in html
    assert html.count("<mark>") == html.count("</mark>")


def test_excerpt_shows_the_match_in_the_body(client, section):
    make_article(
        section=section,
        headline="Ein langer Bericht",
        teaser="Der Vorspann nennt nichts.",
        body="Erster Absatz ohne Treffer. " * 20 + "Dann kommt Wladiwostok vor.",
    )
    html = results(client, "Wladiwostok")
    assert "<mark>Wladiwostok</mark>" in html


@on_postgres
def test_rank_vector_holds_headline_and_teaser_only(section):
    article = make_article(
        section=section, headline="Gespräche", teaser="In Riad.", body="Delegationen."
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rank_vector::text FROM articles_article WHERE id = %s",
            [article.pk],
        )
        vector = cursor.fetchone()[0]
    assert "'gesprach':1A" in vector
    assert "'riad':3B" in vector
    assert "delegation" not in vector


@on_postgres
def test_search_reads_each_match_once_and_never_ranks_the_whole_text(client, section):
    make_article(section=section, headline="Gespräche in Riad")
    many_other_pieces(section)
    with CaptureQueriesContext(connection) as queries:
        client.get("/suche/", {"q": "Gespräche"})
    [search] = [query["sql"] for query in queries if "ts_rank" in query["sql"]]
    assert 'ts_rank("articles_article".rank_vector' in search
    # The excerpt to mark is a bounded stretch, not the whole body; teaser and
    # body are never NULL, so not wrapped in a COALESCE each (dear to compile).
    assert "SUBSTRING(" in search
    assert "COALESCE" not in search
    with connection.cursor() as cursor:
        # Only bitmap scans: is there one that serves the whole search?
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + search)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Text matches and name matches OR'ed as bitmaps: one pass over the rows.
    assert "BitmapOr" in plan
    assert "article_search_vector_idx" in plan


@on_postgres
def test_names_match_through_trigram_indexes(section):
    make_person(name="Sergej Lawrow", aliases="Lavrov")
    people = people_named(search_words("Lavrov"))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = people.explain()
    assert "person_aliases_trgm_idx" in plan


@on_postgres
def test_names_match_as_whole_words_in_any_form(client, section):
    julia = make_person(name="Julia Tanaka")
    make_article(section=section, headline="Rede").mentions.create(person=julia)
    julian = make_person(name="Julian Tanaka")
    make_article(section=section, headline="Gespräch").mentions.create(person=julian)
    von_der_leyen = make_person(name="Ursula von der Leyen", aliases="Röschen")
    make_article(section=section, headline="Besuch").bylines.create(
        person=von_der_leyen
    )
    tagged = make_article(section=section, headline="Wahl")
    tagged.tags.add("Landtagswahlen")
    assert "Rede" in results(client, "Julia Tanaka")
    assert "Gespräch" not in results(client, "Julia Tanaka")
    assert "Gespräch" in results(client, "Julian Tanaka")
    assert "Besuch" in results(client, "von der Leyens")
    assert "Besuch" in results(client, "Röschen")
    assert "Wahl" in results(client, "Landtagswahl")
    assert "Wahl" not in results(client, "Landtag")


@on_postgres
def test_name_vectors_are_kept_current(client, section):
    person = make_person(name="Julia Tanaka")
    make_article(section=section, headline="Rede").mentions.create(person=person)
    tag = Tag.objects.create(name="Zölle")
    make_article(section=section, headline="Handel").tags.add(tag)
    person.name = "Julia Sato"
    person.save()
    tag.name = "Handelsstreit"
    tag.save()
    assert "Rede" not in results(client, "Tanaka")
    assert "Rede" in results(client, "Sato")
    assert "Handel" in results(client, "Handelsstreit")


@on_postgres
def test_names_are_found_through_their_indexes(client, section):
    make_article(section=section, headline="Gespräche in Riad")
    many_other_pieces(section)
    with CaptureQueriesContext(connection) as queries:
        client.get("/suche/", {"q": "Gespräche"})
    [search] = [query["sql"] for query in queries if "ts_rank" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + search)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "person_name_vector_idx" in plan
    assert "tag_name_vector_idx" in plan

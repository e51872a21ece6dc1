"""Search over headline, teaser, body, tags and people, ranked by relevance.

The texts are searched through an index, never read in full. On PostgreSQL that
is full-text search with the German dictionary over the stored, GIN-indexed
`search_vector` (migration 0009), so inflected forms find each other
("Gesprächen" finds "Gespräche"). On SQLite it is the FTS5 index of migration
0013: each search word, roughly stemmed, is the start of a word in the text, with
umlauts and accents folded ("Gespräche" searches "gesprach*").

A piece also matches when one of its tags, authors or people mentioned has every
search word in its name or aliases (PostgreSQL: as words of the names' stored
German vectors, so "Julia" does not find "Julian"). Pieces with the words in the
headline rank first, then those with them in the teaser, newest first among
equals. The rank reads headline and teaser only (PostgreSQL: the small
`rank_vector` of migration 0012; SQLite: the index's headline and teaser
columns), so ranking all matches of a common word stays cheap.

`highlight()` marks the matching words in each shown result's headline and in an
excerpt with `<mark>`; everything else is escaped. The excerpt is a short stretch
of teaser and body from just before the search's longest word, cut in the query,
so marking costs the same however long the text is.
"""

import re
import unicodedata

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest, Lower, StrIndex, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from people.models import Person

from .models import Byline, Mention, Tag, TaggedArticle

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
GERMAN_ENDINGS = ("en", "er", "es", "em", "e", "n", "s")
# SQLite ranks the newest pieces whose text matches, at most this many (FTS5 reads
# them newest first and stops); pieces matching by a name come on top of these.
MAX_TEXT_MATCHES = 500
# Private-use characters mark the matches until the text is escaped for HTML.
MARK_START, MARK_STOP = "\ue000", "\ue001"
EXCERPT_CHARACTERS = 240
EXCERPT_LEAD = 80


def clean_query(text):
    """The search text a reader meant: no control characters, bounded length."""
    text = "".join(
        " " if unicodedata.category(char).startswith("C") else char
        for char in text[: MAX_QUERY_LENGTH * 2]
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_words(text):
    """The words of a search, lower-case and roughly stemmed."""
    return [_stem(word) for word in re.findall(r"[^\W_]+", text.lower())][:MAX_WORDS]


def _stem(word):
    """Strip one common German ending from a long word: "Gesprächen" -> "Gespräch"."""
    if len(word) > 5:
        for ending in GERMAN_ENDINGS:
            if word.endswith(ending):
                return word[: -len(ending)]
    return word


def search_articles(queryset, text):
    """The pieces of `queryset` that match `text`, best first, for `highlight()`."""
    text = clean_query(text)
    words = search_words(text)
    if not words:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        query = german_query(text)
        rank = SearchRank(StoredVector("rank_vector"), query)
        marks = {"config": "german", "start_sel": MARK_START, "stop_sel": MARK_STOP}
        shown = {
            "marked_headline": SearchHeadline(
                "headline", query, highlight_all=True, **marks
            ),
            "marked_excerpt": SearchHeadline(
                _excerpt(words), query, max_words=35, min_words=15, **marks
            ),
        }
    else:
        rank = Case(
            When(pk__in=index_matches(words, "headline"), then=Value(2)),
            When(pk__in=index_matches(words, "teaser"), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        shown = {"excerpt": _excerpt(words)}
    return (
        queryset.filter(
            _text_matches(
                queryset.db,
                text,
                words,
                MAX_TEXT_MATCHES,
                _named_pieces(queryset.db, text, words),
            )
        )
        .annotate(rank=rank, **shown)
        .order_by("-rank", "-publish_at", "-pk")
    )


def _named_pieces_sql():
    """The pieces of the tags, authors and people mentioned whose names have every
    word of a search, as an array (PostgreSQL: the names' stored vectors of people
    migration 0005 and articles migration 0014). Written out because the ORM's union
    of the three took longer to build and compile than PostgreSQL takes to run it."""
    person, tag = Person._meta.db_table, Tag._meta.db_table
    matching = "name_vector @@ websearch_to_tsquery('german', %s)"
    return f"""ARRAY(
        SELECT link.article_id FROM {Mention._meta.db_table} link
        JOIN {person} named ON named.id = link.person_id WHERE named.{matching}
        UNION
        SELECT link.article_id FROM {Byline._meta.db_table} link
        JOIN {person} named ON named.id = link.person_id WHERE named.{matching}
        UNION
        SELECT link.content_object_id FROM {TaggedArticle._meta.db_table} link
        JOIN {tag} named ON named.id = link.tag_id WHERE named.{matching}
    )"""


def _named_pieces(using, text, words):
    """The ids of the pieces with a tag, author or person mentioned
    named by every search word (PostgreSQL: as whole words, German-stemmed)."""
    if connections[using].vendor == "postgresql":
        return RawSQL(_named_pieces_sql(), [text] * 3)
    people = people_named(words)
    tags = Tag.objects.filter(*(Q(name__icontains=word) for word in words))
    # (No order: the models' default orders would sort each part for nothing.)
    return (
        TaggedArticle.objects.filter(tag__in=tags)
        .values("content_object")
        .order_by()
        .union(
            Mention.objects.filter(person__in=people).values("article").order_by(),
            Byline.objects.filter(person__in=people).values("article").order_by(),
        )
    )


def filter_by_text_and_authors(queryset, text):
    """The pieces of `queryset` with the words in headline, teaser or body, or in
    the name of one of their authors; unranked (the admin's search)."""
    text = clean_query(text)
    words = search_words(text)
    if not words:
        return queryset
    authored = Byline.objects.filter(person__in=people_named(words))
    return queryset.filter(
        _text_matches(
            queryset.db, text, words, None, authored.values("article").order_by()
        )
    )


def _text_matches(using, text, words, newest, or_ids):
    """A filter: the words of `text` are in a piece's headline, teaser or body
    (through the index), or its id is one of `or_ids` (a subquery)."""
    if connections[using].vendor == "postgresql":
        # `id = ANY(ARRAY(…))` rather than `id IN (…)`: PostgreSQL can then OR
        # the GIN index's bitmap with the primary key's and read each row once.
        in_text = SearchVectorExact(StoredVector("search_vector"), german_query(text))
        if not isinstance(or_ids, RawSQL):  # (_named_pieces_sql() is an array)
            or_ids = ArraySubquery(or_ids)
        return Q(in_text) | Q(EqualsAny("pk", or_ids))
    # One list of ids, index matches and `or_ids` in a UNION: with two lists OR'ed,
    # SQLite reads every published piece and tests it against both.
    in_index = index_matches(words, newest=newest)
    others, other_params = or_ids.query.sql_with_params()
    return Q(
        pk__in=RawSQL(
            f"SELECT rowid FROM ({in_index.sql}) UNION {others}",
            (*in_index.params, *other_params),
        )
    )


class Joined(Func):
    """Texts joined with `||`, on both databases. (`Concat` wraps each part in
    COALESCE for NULLs, which these columns never hold; building and compiling
    that cost a search as much time as PostgreSQL takes to cut the excerpt.)"""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = TextField()


class EqualsAny(Func):
    """`value = ANY(array)` (PostgreSQL)."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def german_query(text):
    return SearchQuery(text, search_type="websearch", config="german")


class StoredVector(Expression):
    """A stored search vector of the piece (PostgreSQL, migrations 0009 and 0012).

    The columns are not model fields because SQLite has no such type; this refers
    to one on the query's own table, whatever alias that table has.
    """

    output_field = SearchVectorField()

    def __init__(self, column):
        super().__init__()
        self.column = column

    def as_sql(self, compiler, connection):
        table = next(iter(compiler.query.alias_map))
        return f"{compiler.quote_name(table)}.{self.column}", []


def index_matches(words, column=None, newest=MAX_TEXT_MATCHES):
    """Ids of pieces with every word starting a word of their text, or of one
    `column` of it (SQLite, the FTS5 index of migration 0013); the `newest` only,
    unless None."""
    # Each word is quoted, so nothing in it is FTS5 syntax.
    prefixes = " ".join(f'"{word}"*' for word in words)
    if column:
        prefixes = f"{column} : ({prefixes})"
    sql = "SELECT rowid FROM article_search WHERE article_search MATCH %s"
    if newest is None:
        return RawSQL(sql, [prefixes])
    return RawSQL(sql + " ORDER BY rowid DESC LIMIT %s", [prefixes, newest])


def people_named(words):
    """People with every word in their name or aliases (trigram indexes on
    PostgreSQL, a small table on SQLite)."""
    return Person.objects.filter(
        *(Q(name__icontains=word) | Q(aliases__icontains=word) for word in words)
    )


def _excerpt(words):
    """Teaser and body from a little before the first place of the longest word (the
    most telling), or their beginning: a bounded text to mark."""
    text = Joined(F("teaser"), Value("\n"), F("body"))
    found = StrIndex(Lower(text), Value(max(words, key=len)))
    return Substr(text, Greatest(found - EXCERPT_LEAD, 1), EXCERPT_CHARACTERS)


def highlight(articles, text):
    """Set `marked_headline` and `marked_excerpt` (safe HTML) on each result."""
    prefixes = tuple(_fold(word) for word in search_words(clean_query(text)))
    for article in articles:
        if article.marked_excerpt is None:  # SQLite: mark the words here
            article.marked_headline = _mark_words(article.headline, prefixes)
            article.marked_excerpt = _mark_words(_whole_words(article), prefixes)
        article.marked_headline = _marks_to_html(article.marked_headline)
        article.marked_excerpt = _marks_to_html(article.marked_excerpt)
    return articles


def _fold(word):
    """A word as the SQLite index compares it: lower-case, without diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _whole_words(article):
    """The excerpt without the words its ends may have cut in half."""
    excerpt = article.excerpt
    cut_short = len(excerpt) >= EXCERPT_CHARACTERS
    if not article.teaser.startswith(excerpt[:20]):
        excerpt = "… " + excerpt.partition(" ")[2]
    if cut_short:
        excerpt = excerpt.rpartition(" ")[0] + " …"
    return excerpt


def _mark_words(text, prefixes):
    """Mark each word that starts with one of `prefixes`, as the index matched it."""
    return re.sub(
        r"\w+",
        lambda found: (
            MARK_START + found[0] + MARK_STOP
            if _fold(found[0]).startswith(prefixes)
            else found[0]
        ),
        text,
    )


def _marks_to_html(text):
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)

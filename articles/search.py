"""Search over headline, teaser, body, tags and people, ranked by relevance.

On PostgreSQL this is full-text search with the German dictionary over a stored,
GIN-indexed vector (migration 0009), so inflected forms find each other
("Gesprächen" finds "Gespräche") and the archive is never read in full. SQLite has
no such thing; there a piece matches when it contains every search word, roughly
stemmed, and pieces with the words in the headline rank first.

`highlight()` marks the matching words in each result's headline and an excerpt
with `<mark>`; everything else is escaped.
"""

import re
import unicodedata

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    Expression,
    IntegerField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe

from people.models import Person

from .models import Article, Byline, Mention, Tag, TaggedArticle

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
GERMAN_ENDINGS = ("en", "er", "es", "em", "e", "n", "s")
# Private-use characters mark the matches until the text is escaped for HTML.
MARK_START, MARK_STOP = "\ue000", "\ue001"
EXCERPT_CHARACTERS = 240


def clean_query(text):
    """The search text a reader meant: no control characters, bounded length."""
    text = "".join(
        " " if unicodedata.category(char).startswith("C") else char
        for char in text[: MAX_QUERY_LENGTH * 2]
    )
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_articles(queryset, text):
    text = clean_query(text)
    if not text:
        return queryset.none()
    if connections[queryset.db].vendor == "postgresql":
        return _full_text_search(queryset, text)
    return _word_search(queryset, text)


class StoredDocument(Expression):
    """The piece's stored, GIN-indexed search vector (PostgreSQL, migration 0009).

    The column is not a model field because SQLite has no such type; this refers to
    it on the query's own table, whatever alias that table has.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = next(iter(compiler.query.alias_map))
        return f"{compiler.quote_name(table)}.search_vector", []


def _full_text_search(queryset, text):
    query = SearchQuery(text, search_type="websearch", config="german")
    in_text = Article.objects.alias(document=StoredDocument()).filter(document=query)
    # Tags and the names of authors and people mentioned count too.
    tags = Tag.objects.alias(document=SearchVector("name", config="german")).filter(
        document=query
    )
    people = Person.objects.alias(
        document=SearchVector("name", config="german")
        + SearchVector("aliases", config="german")
    ).filter(document=query)
    matches = in_text.values("pk").union(
        TaggedArticle.objects.filter(tag__in=tags).values("content_object"),
        Mention.objects.filter(person__in=people).values("article"),
        Byline.objects.filter(person__in=people).values("article"),
    )
    marks = {"config": "german", "start_sel": MARK_START, "stop_sel": MARK_STOP}
    return (
        queryset.filter(pk__in=matches)
        .annotate(
            rank=SearchRank(StoredDocument(), query),
            marked_headline=SearchHeadline(
                "headline", query, highlight_all=True, **marks
            ),
            marked_excerpt=SearchHeadline(
                Concat("teaser", Value("\n"), "body", output_field=TextField()),
                query,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
        .order_by("-rank", "-publish_at", "-pk")
    )


def _stem(word):
    """Strip one common German ending from a long word: "Gesprächen" -> "Gespräch"."""
    if len(word) > 5:
        for ending in GERMAN_ENDINGS:
            if word.endswith(ending):
                return word[: -len(ending)]
    return word


def _word_search(queryset, text):
    words = [_stem(word) for word in re.findall(r"\w+", text.lower())][:MAX_WORDS]
    if not words:
        return queryset.none()
    rank = Value(0)
    for word in words:
        people = Person.objects.filter(
            Q(name__icontains=word) | Q(aliases__icontains=word)
        )
        queryset = queryset.filter(
            Q(headline__icontains=word)
            | Q(teaser__icontains=word)
            | Q(body__icontains=word)
            | Exists(
                TaggedArticle.objects.filter(
                    content_object=OuterRef("pk"), tag__name__icontains=word
                )
            )
            | Exists(Mention.objects.filter(article=OuterRef("pk"), person__in=people))
            | Exists(Byline.objects.filter(article=OuterRef("pk"), person__in=people))
        )
        rank += Case(
            When(headline__icontains=word, then=Value(3)),
            When(teaser__icontains=word, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    # `highlight()` cuts the excerpts from the body here: load it, even for a listing.
    ranked = queryset.annotate(rank=rank).order_by("-rank", "-publish_at", "-pk")
    return ranked.defer(None)


def highlight(articles, text):
    """Set `marked_headline` and `marked_excerpt` (safe HTML) on each result."""
    words = [_stem(word) for word in re.findall(r"\w+", clean_query(text).lower())]
    pattern = re.compile("|".join(map(re.escape, words)), re.IGNORECASE)
    for article in articles:
        if article.marked_excerpt is None:  # SQLite: mark the words here
            article.marked_headline = _mark_words(article.headline, pattern)
            article.marked_excerpt = _mark_words(_excerpt(article, pattern), pattern)
        article.marked_headline = _marks_to_html(article.marked_headline)
        article.marked_excerpt = _marks_to_html(article.marked_excerpt)
    return articles


def _excerpt(article, pattern):
    """The teaser, or the stretch of the body around the first match."""
    found = pattern.search(article.body)
    if pattern.search(article.teaser) or found is None:
        return article.teaser
    start = max(0, found.start() - EXCERPT_CHARACTERS // 2)
    return "… " + article.body[start : start + EXCERPT_CHARACTERS] + " …"


def _mark_words(text, pattern):
    return pattern.sub(lambda found: MARK_START + found[0] + MARK_STOP, text)


def _marks_to_html(text):
    html = escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    return mark_safe(html)

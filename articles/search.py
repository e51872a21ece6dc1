"""Search over headline, teaser, body, tags and people, ranked by relevance.

On PostgreSQL this is full-text search with the German dictionary, so inflected forms
find each other ("Gesprächen" finds "Gespräche"). SQLite has no such thing; there a
piece matches when it contains every search word, roughly stemmed, and pieces with the
words in the headline rank first.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from people.models import Person

from .models import Byline, Mention, TaggedArticle

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
GERMAN_ENDINGS = ("en", "er", "es", "em", "e", "n", "s")


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


def _names(model, article_field, name_field):
    """All names of `model` rows pointing at the outer piece, as one string."""
    names = (
        model.objects.filter(**{article_field: OuterRef("pk")})
        .values(article_field)
        .annotate(names=StringAgg(name_field, Value(" ")))
        .values("names")
    )
    return Coalesce(Subquery(names), Value(""), output_field=TextField())


def _full_text_search(queryset, text):
    vector = (
        SearchVector("headline", weight="A", config="german")
        + SearchVector(
            _names(TaggedArticle, "content_object", "tag__name"),
            weight="A",
            config="german",
        )
        + SearchVector(
            _names(Mention, "article", "person__name"), weight="B", config="german"
        )
        + SearchVector(
            _names(Byline, "article", "person__name"), weight="B", config="german"
        )
        + SearchVector("teaser", weight="B", config="german")
        + SearchVector("body", weight="C", config="german")
    )
    query = SearchQuery(text, search_type="websearch", config="german")
    return (
        queryset.annotate(document=vector)
        .filter(document=query)
        .annotate(rank=SearchRank(vector, query))
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
    return queryset.annotate(rank=rank).order_by("-rank", "-publish_at", "-pk")

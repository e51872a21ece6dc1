import pytest
from django.db import IntegrityError

from articles.models import Tag
from newsroom.slugs import german_slugify

from .builders import make_article


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Gespräche", "gespraeche"),
        ("Treffen in Riad: Neue Gespräche", "treffen-in-riad-neue-gespraeche"),
        ("Größe Übermaß Öl", "groesse-uebermass-oel"),
        ("Außenminister Lawrow", "aussenminister-lawrow"),
        ("Selenskyj – „Frieden“?", "selenskyj-frieden"),
        ("  ", ""),
    ],
)
def test_german_slugify(text, slug):
    assert german_slugify(text) == slug


def test_article_slug_from_headline(section):
    article = make_article(headline="Neue Gespräche in Riad", section=section)
    assert article.slug == "neue-gespraeche-in-riad"


def test_slug_clash_gets_suffix(section):
    first = make_article(headline="Gespräche in Riad", section=section)
    second = make_article(headline="Gespräche in Riad", section=section)
    third = make_article(headline="Gespräche in Riad", section=section)
    assert [first.slug, second.slug, third.slug] == [
        "gespraeche-in-riad",
        "gespraeche-in-riad-2",
        "gespraeche-in-riad-3",
    ]


def test_published_slug_does_not_follow_headline(section):
    article = make_article(headline="Erste Fassung", section=section)
    article.headline = "Ganz neue Überschrift"
    article.save()
    article.refresh_from_db()
    assert article.slug == "erste-fassung"


def test_article_slug_unique_in_database(section):
    make_article(slug="gleich", section=section)
    with pytest.raises(IntegrityError):
        make_article(slug="gleich", section=section)


def test_tags_are_case_insensitive(section):
    first = make_article(section=section)
    second = make_article(section=section)
    first.tags.add("USA")
    second.tags.add("usa")
    assert Tag.objects.count() == 1
    assert Tag.objects.get().slug == "usa"
    assert set(
        Tag.objects.get().tagged_articles.values_list("content_object", flat=True)
    ) == {
        first.pk,
        second.pk,
    }


def test_case_variant_tag_refused_by_database(db):
    Tag.objects.create(name="Ukraine")
    with pytest.raises(IntegrityError):
        Tag.objects.create(name="UKRAINE", slug="ukraine-anders")


def test_tag_slug_german(db):
    assert Tag.objects.create(name="Gespräche über Öl").slug == "gespraeche-ueber-oel"

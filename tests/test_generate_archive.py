"""`manage.py generate_archive`: the synthetic archive the benchmark runs on."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Min
from django.utils import timezone

from articles.models import Article, Byline, Mention, Section, Tag, TaggedArticle
from people.models import Person

from .builders import make_article


def generate(*args):
    call_command("generate_archive", *args, stdout=StringIO(), stderr=StringIO())


def snapshot():
    """The archive's content, with times relative to its first piece."""
    first = Article.objects.aggregate(Min("publish_at"))["publish_at__min"]
    articles = [
        (
            article.headline,
            article.slug,
            article.teaser,
            article.body,
            article.section.slug,
            article.status,
            article.publish_at and article.publish_at - first,
            [byline.person.name for byline in article.bylines.all()],
            sorted(mention.person.name for mention in article.mentions.all()),
            sorted(tag.name for tag in article.tags.all()),
        )
        for article in Article.objects.order_by("pk").prefetch_related(
            "bylines__person", "mentions__person", "tags"
        )
    ]
    people = list(Person.objects.order_by("pk").values_list("name", "description"))
    return articles, people


def reset():
    Article.objects.all().delete()
    Person.objects.all().delete()
    Tag.objects.all().delete()
    Section.objects.all().delete()


@pytest.mark.django_db
def test_same_seed_same_archive_other_seed_another():
    generate("--pieces", "30", "--seed", "7", "--people", "40", "--tags", "20")
    first = snapshot()
    reset()
    generate("--pieces", "30", "--seed", "7", "--people", "40", "--tags", "20")
    assert snapshot() == first
    reset()
    generate("--pieces", "30", "--seed", "8", "--people", "40", "--tags", "20")
    other = snapshot()
    assert other[0] != first[0]
    assert other[1] != first[1]


@pytest.mark.django_db
def test_counts_and_ranges():
    generate("--pieces", "300", "--people", "200", "--tags", "50")
    assert Article.objects.count() == 300
    assert Person.objects.count() == 200
    assert Tag.objects.count() == 50
    assert Section.objects.count() >= 5

    def per_article(model, field):
        counts = Counter(model.objects.values_list(field, flat=True))
        return set(counts.values()) | ({0} if len(counts) < 300 else set())

    assert per_article(Byline, "article") <= {1, 2, 3}
    assert per_article(Mention, "article") <= set(range(3, 16))
    assert per_article(TaggedArticle, "content_object") <= set(range(3, 9))
    assert {1, 3} <= per_article(Byline, "article")

    for article in Article.objects.all():
        words = len(article.body.replace("## ", "").split())
        assert 300 <= words <= 900, words
        assert article.body_html.startswith("<p>")
        for mention in article.mentions.all():
            assert article.mention_text()[mention.position :].startswith(
                mention.person.name
            )

    now = timezone.now()
    published = Article.objects.published()
    assert 250 <= published.count() < 300
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.scheduled().exists()
    oldest = published.aggregate(Min("publish_at"))["publish_at__min"]
    assert (now - oldest).days > 6 * 365
    assert published.filter(first_published_at=None).count() == 0


@pytest.mark.django_db
def test_pieces_are_readable_on_the_site(client):
    generate("--pieces", "20", "--people", "30", "--tags", "10")
    article = Article.objects.published().annotate(Count("mentions")).first()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.headline.replace("„", "").replace("“", "")[:20] in (
        response.text.replace("„", "").replace("“", "")
    )
    person = article.mentions.first().person
    assert client.get(person.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_non_empty_archive_needs_append_or_replace(section):
    existing = make_article(section=section)
    with pytest.raises(CommandError, match="--append"):
        generate("--pieces", "5", "--people", "20", "--tags", "10")
    assert Article.objects.count() == 1

    generate("--pieces", "5", "--people", "20", "--tags", "10", "--append")
    assert Article.objects.count() == 6
    assert Article.objects.filter(pk=existing.pk).exists()
    # Appending again with the same seed reuses people and tags.
    generate("--pieces", "5", "--people", "20", "--tags", "10", "--append")
    assert Person.objects.count() == 20
    assert Article.objects.count() == 11

    generate("--pieces", "4", "--people", "20", "--tags", "10", "--replace")
    assert Article.objects.count() == 4
    assert not Article.objects.filter(pk=existing.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--pieces", "0"], "--pieces muss zwischen 1 und"),
        (["--pieces", "-5"], "--pieces muss zwischen 1 und"),
        (["--pieces", "100000000"], "--pieces muss zwischen 1 und"),
        (["--pieces", "zehn"], "invalid int value"),
        (["--pieces", "5", "--seed", "abc"], "invalid int value"),
        (["--pieces", "5", "--seed", "1.5"], "invalid int value"),
        (["--pieces", "5", "--people", "14"], "--people muss zwischen 15 und"),
        (["--pieces", "5", "--people", "10000000"], "--people muss zwischen 15 und"),
        (["--pieces", "5", "--tags", "7"], "--tags muss zwischen 8 und"),
        (["--pieces", "5", "--tags", "999999"], "--tags muss zwischen 8 und"),
        (["--pieces", "5", "--append", "--replace"], "not allowed with"),
        ([], "required"),
    ],
)
def test_bad_arguments_are_clear_errors_and_write_nothing(arguments, message):
    with pytest.raises(CommandError, match=message):
        generate(*arguments)
    assert not Article.objects.exists()
    assert not Person.objects.exists()
    assert not Tag.objects.exists()

"""Small builders for test data: each makes one valid object, overridable by keyword."""

from datetime import timedelta
from io import BytesIO, StringIO
from itertools import count

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from articles.models import Article, Section, TaggedArticle
from people.models import Person, User

_numbers = count(1)


def make_section(**fields):
    number = next(_numbers)
    fields.setdefault("name", f"Ressort {number}")
    return Section.objects.create(**fields)


def make_person(**fields):
    fields.setdefault("name", f"Person Nummer{next(_numbers)}")
    return Person.objects.create(**fields)


def make_user(group=None, **fields):
    fields.setdefault("username", f"user{next(_numbers)}")
    user = User.objects.create_user(
        password="a-long-test-password", is_staff=True, **fields
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_article(status=Article.Status.PUBLISHED, **fields):
    """A piece; published an hour ago unless told otherwise."""
    number = next(_numbers)
    fields.setdefault("headline", f"Überschrift Nummer {number}")
    fields.setdefault("teaser", f"Vorspann {number}")
    fields.setdefault("body", f"Text des Artikels {number}.")
    if "section" not in fields:
        fields["section"] = make_section()
    if status == Article.Status.PUBLISHED:
        fields.setdefault("publish_at", timezone.now() - timedelta(hours=1))
    return Article.objects.create(status=status, **fields)


def article_form_data(article=None, **overrides):
    """The POST data of the admin's article form, with empty inlines."""
    data = {
        "headline": article.headline if article else "Ein neuer Artikel",
        "slug": article.slug if article else "ein-neuer-artikel",
        "teaser": article.teaser if article else "Ein Vorspann.",
        "body": article.body if article else "Ein Text.",
        "sign_off": "",
        "section": article.section_id if article else "",
        "language": "de",
        "status": article.status if article else "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "hero_caption": "",
        "hero_credit": "",
        "hero_alt": "",
        "seo_title": "",
        "seo_description": "",
        "version": article.version if article else 1,
    }
    for prefix in ("bylines", "taggedarticle_set", "mentions", "corrections"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    if article:
        # The stored rows, as the form shows them (a save replaces all of them).
        add_rows(data, "bylines", article.bylines.all(), "person", "role", "position")
        add_rows(
            data,
            "taggedarticle_set",
            TaggedArticle.objects.filter(content_object=article),
            "tag",
        )
        add_rows(data, "mentions", article.mentions.all(), "person", "role")
        for number, mention in enumerate(article.mentions.all()):
            if mention.confirmed:
                data[f"mentions-{number}-confirmed"] = "on"
    data.update(overrides)
    return data


def add_rows(data, prefix, rows, *fields):
    rows = list(rows)
    data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
    for number, row in enumerate(rows):
        data[f"{prefix}-{number}-id"] = row.pk
        for name in fields:
            value = getattr(row, f"{name}_id", None) or getattr(row, name)
            data[f"{prefix}-{number}-{name}"] = value


def jpeg(width, height, mode="RGB", format="JPEG"):
    """The bytes of a plain image, JPEG unless `format` says otherwise."""
    buffer = BytesIO()
    Image.new(mode, (width, height), "steelblue").save(buffer, format)
    return buffer.getvalue()


def generate_small_archive(*arguments):
    """A synthetic archive of a few hundred people and tags, made quietly;
    `arguments` are generate_archive's (e.g. "--pieces", "2000")."""
    call_command(
        "generate_archive",
        *arguments,
        "--people",
        "400",
        "--tags",
        "150",
        stdout=StringIO(),
        stderr=StringIO(),
    )

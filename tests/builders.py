"""Small builders for test data: each makes one valid object, overridable by keyword."""

from datetime import timedelta
from itertools import count

from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Section
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
    }
    for prefix in ("bylines", "taggedarticle_set", "mentions", "corrections"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(overrides)
    return data

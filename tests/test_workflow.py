import time
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article

from .builders import make_article

Status = Article.Status


def visible(article):
    return Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize(
    ("status", "publish_at", "is_visible"),
    [
        (Status.DRAFT, None, False),
        (Status.REVIEW, None, False),
        (Status.DRAFT, timezone.now() - timedelta(days=1), False),
        (Status.PUBLISHED, timezone.now() + timedelta(hours=1), False),
        (Status.PUBLISHED, timezone.now() - timedelta(minutes=1), True),
    ],
    ids=["draft", "review", "draft-with-past-time", "scheduled", "published"],
)
def test_visibility_by_status(section, status, publish_at, is_visible):
    article = make_article(status=status, publish_at=publish_at, section=section)
    assert visible(article) is is_visible
    assert article.is_live is is_visible


def test_unpublished_piece_disappears(section):
    article = make_article(section=section)
    assert visible(article)
    article.unpublish()
    assert not visible(article)
    assert article.status == Status.DRAFT


def test_scheduled_piece_appears_at_its_time_without_a_worker(section):
    article = make_article(
        section=section, publish_at=timezone.now() + timedelta(seconds=1)
    )
    assert not visible(article)
    assert article.is_scheduled
    time.sleep(1.1)
    assert visible(article)


def test_publish_without_time_publishes_now(section):
    article = make_article(status=Status.DRAFT, section=section)
    before = timezone.now()
    article.publish()
    assert before <= article.publish_at <= timezone.now()
    assert article.first_published_at == article.publish_at
    assert visible(article)


def test_workflow_draft_review_published_and_back(section):
    article = make_article(status=Status.DRAFT, section=section)
    article.submit_for_review()
    assert Article.objects.get(pk=article.pk).status == Status.REVIEW
    article.publish()
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
    article.unpublish()
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_first_published_is_set_once(section):
    article = make_article(section=section)
    first = article.first_published_at
    article.unpublish()
    article.publish(at=timezone.now())
    assert Article.objects.get(pk=article.pk).first_published_at == first


def test_rescheduling_before_going_live_moves_first_published(section):
    article = make_article(
        section=section, publish_at=timezone.now() + timedelta(days=1)
    )
    later = timezone.now() + timedelta(days=2)
    article.publish_at = later
    article.save()
    assert Article.objects.get(pk=article.pk).first_published_at == later


def test_substantive_change_of_live_piece_moves_last_updated(section):
    article = make_article(section=section)
    assert article.updated_at is None
    article = Article.objects.get(pk=article.pk)
    article.body = "Ein korrigierter Text."
    article.save()
    assert article.updated_at is not None
    assert Article.objects.get(pk=article.pk).updated_at == article.updated_at


def test_seo_change_is_not_news(section):
    make_article(section=section)
    article = Article.objects.get()
    article.seo_title = "Nur für Suchmaschinen"
    article.save()
    assert Article.objects.get().updated_at is None


def test_draft_edits_do_not_set_last_updated(section):
    make_article(status=Status.DRAFT, section=section)
    article = Article.objects.get()
    article.body = "Noch ein Entwurf."
    article.save()
    assert Article.objects.get().updated_at is None


def test_body_is_rendered_and_sanitised_on_save(section):
    article = make_article(
        section=section,
        body="## Titel\n\n<script>alert(1)</script><img src=x onerror=alert(1)>",
    )
    assert "<h2>Titel</h2>" in article.body_html
    assert "<script" not in article.body_html
    assert "onerror" not in article.body_html


def test_database_refuses_published_without_time(section):

    article = make_article(section=section)
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(publish_at=None)


def test_database_refuses_unknown_status(section):

    article = make_article(section=section)
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status="live")

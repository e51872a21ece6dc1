"""The audit log: who did what and when, from every path, and who may read it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEntry
from people.models import User

from .builders import article_form_data, make_article, make_user

CHANGELIST = reverse("admin:articles_auditentry_changelist")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def actions_of(article):
    entries = AuditEntry.objects.filter(article_id=article.pk).order_by("pk")
    return [entry.action for entry in entries]


def test_record_is_the_api_for_every_feature(editor, section):
    article = make_article(section=section)
    entry = AuditEntry.objects.record(
        AuditEntry.Action.CORRECTION_ADDED, article, editor, correction=7
    )
    assert entry.user == editor and entry.headline == article.headline
    assert entry.details == {"correction": 7}
    assert AuditEntry.objects.record("preview_link_made", article).user is None
    with pytest.raises(ValueError):
        AuditEntry.objects.record("made_up", article, editor)


def test_admin_steps_are_logged(client, editor, reporter, section):
    client.force_login(reporter)
    data = article_form_data(section=section.pk, headline="Protokollierter Artikel")
    client.post(reverse("admin:articles_article_add"), data)
    article = Article.objects.get(headline="Protokollierter Artikel")
    client.post(change_url(article), article_form_data(article, status="review"))

    client.force_login(editor)
    article.refresh_from_db()
    client.post(
        change_url(article),
        article_form_data(article, status="published", slug="neue-adresse"),
    )
    assert actions_of(article) == ["created", "submitted", "published", "slug_changed"]
    slug_change = AuditEntry.objects.get(action="slug_changed")
    assert slug_change.details["new"] == "neue-adresse"
    assert slug_change.user == editor
    assert AuditEntry.objects.get(action="submitted").user == reporter


def test_scheduling_and_bulk_actions_are_logged(client, editor, section):
    article = make_article(section=section, status="draft")
    client.force_login(editor)
    later = timezone.localtime() + timedelta(days=1)
    client.post(
        change_url(article),
        article_form_data(
            article,
            status="published",
            publish_at_0=later.strftime("%d.%m.%Y"),
            publish_at_1=later.strftime("%H:%M:%S"),
        ),
    )
    changelist = reverse("admin:articles_article_changelist")
    client.post(
        changelist, {"action": "unpublish_selected", "_selected_action": [article.pk]}
    )
    client.post(
        changelist, {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    assert actions_of(article)[-3:] == ["scheduled", "unpublished", "scheduled"]
    bulk = AuditEntry.objects.filter(article_id=article.pk).order_by("pk").last()
    assert bulk.details["source"] == "admin action" and bulk.user == editor


def test_delete_restore_and_pending_steps_are_logged(client, editor, section):
    article = make_article(section=section)
    client.force_login(editor)
    client.post(
        change_url(article),
        article_form_data(article, headline="Entwurf", _save_as_pending="1"),
    )
    article.refresh_from_db()
    pending = reverse("admin:articles_article_pending", args=[article.pk, "verwerfen"])
    client.post(pending, {"version": article.version})
    client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    deleted = reverse("admin:articles_article_deleted")
    revision = client.get(deleted).context["revisions"][0]
    client.post(deleted, {"revision": revision.pk})
    assert actions_of(article)[-4:] == [
        "pending_discarded",
        "deleted",
        "unpublished",
        "restored",
    ]
    assert "pending_saved" in actions_of(article)


def test_commands_are_logged(section, tmp_path):
    piece = tmp_path / "piece.txt"
    piece.write_text("Aus der Agentur\nEin Vorspann.\nDer Text.\n", encoding="utf-8")
    call_command("import_article", str(piece), "--status", "published", verbosity=0)
    article = Article.objects.get(headline="Aus der Agentur")
    assert actions_of(article) == ["created", "published"]
    entry = AuditEntry.objects.filter(article_id=article.pk).first()
    assert entry.user is None and entry.details == {"source": "import_article"}

    call_command("load_demo", verbosity=0)
    demo = Article.objects.exclude(pk=article.pk).get()
    assert actions_of(demo) == ["created", "published"]


def test_versions_page_shows_the_history(client, editor, section):
    article = make_article(section=section, status="draft")
    article.publish(by=editor, source="admin")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_versions", args=[article.pk]))
    history = page.text.split('id="audit"')[1]
    assert "veröffentlicht" in history and "editor" in history


@pytest.fixture
def history(section, editor, reporter):
    own = make_article(section=section, status="draft", headline="Eigener Text")
    own.bylines.create(person=reporter.person)
    other = make_article(section=section, status="draft", headline="Fremder Text")
    own.submit_for_review(by=reporter)
    other.publish(by=editor)
    return own, other


def test_editors_filter_the_list_by_person_action_and_date(client, editor, history):
    client.force_login(editor)
    everything = client.get(CHANGELIST)
    assert "Eigener Text" in everything.text and "Fremder Text" in everything.text

    by_person = client.get(CHANGELIST, {"user__id__exact": editor.pk}).text
    assert "Fremder Text" in by_person and "Eigener Text" not in by_person
    by_action = client.get(CHANGELIST, {"action": "submitted"}).text
    assert "Eigener Text" in by_action and "Fremder Text" not in by_action
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    day = timedelta(days=1)
    by_date = client.get(CHANGELIST, {"at__gte": today, "at__lt": today + day}).text
    assert "Eigener Text" in by_date
    yesterday = client.get(CHANGELIST, {"at__gte": today - day, "at__lt": today}).text
    assert "Eigener Text" not in yesterday


def test_reporters_see_the_history_of_their_own_pieces(client, reporter, history):
    client.force_login(reporter)
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert "Eigener Text" in page.text
    assert "Fremder Text" not in page.text


def test_nobody_edits_or_deletes_the_log(client, editor, history):
    admin_user = make_user(username="chef", is_superuser=True)
    entry = AuditEntry.objects.first()
    for user in (editor, admin_user):
        client.force_login(user)
        assert client.get(reverse("admin:articles_auditentry_add")).status_code == 403
        change = reverse("admin:articles_auditentry_change", args=[entry.pk])
        assert client.post(change, {"action": "deleted"}).status_code == 403
        delete = reverse("admin:articles_auditentry_delete", args=[entry.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk, action=entry.action).exists()


def test_people_without_staff_rights_see_nothing(client, history):
    client.force_login(User.objects.create_user("leser", password="x-long-enough"))
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "Eigener Text" not in response.text

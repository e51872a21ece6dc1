"""No lost edits: a save on top of an older version is refused, kept and merged."""

import threading
import time

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.models import (
    Article,
    EditorPresence,
    Revision,
    StaleVersionError,
    WorkingDraft,
)

from .builders import article_form_data, make_article, make_user


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def conflict_url(article):
    return reverse("admin:articles_article_conflict", args=[article.pk])


def autosave_url(article):
    return reverse("admin:articles_article_autosave", args=[article.pk])


@pytest.fixture
def piece(section):
    return make_article(
        section=section,
        status=Article.Status.DRAFT,
        headline="Treffen in Riad",
        body="Die Delegationen treffen sich am Dienstag.",
    )


@pytest.fixture
def colleague(db):
    return make_user(group="Redaktion", username="kollegin")


def refuse_a_stale_save(client, editor, colleague, piece):
    """The colleague saves first; the editor then saves the form loaded before."""
    loaded = article_form_data(piece, body="Mein Text: am Mittwoch.")
    other = Client()
    other.force_login(colleague)
    other.post(
        change_url(piece),
        article_form_data(piece, body="Gespeicherter Text: am Donnerstag."),
    )
    client.force_login(editor)
    return client.post(change_url(piece), loaded)


def test_stale_save_is_refused_and_kept(client, editor, colleague, piece):
    response = refuse_a_stale_save(client, editor, colleague, piece)
    assert response.status_code == 302
    assert response.url == conflict_url(piece)
    piece.refresh_from_db()
    assert piece.body == "Gespeicherter Text: am Donnerstag."
    assert piece.version == 2
    assert Revision.objects.filter(article=piece).count() == 1

    # The refused text survives the response (and a closed tab).
    refused = WorkingDraft.objects.get(article=piece, user=editor, kind="refused")
    assert refused.snapshot["body"] == "Mein Text: am Mittwoch."
    assert refused.version == 1

    page = client.get(conflict_url(piece))
    assert page.status_code == 200
    assert "Mein Text: am Mittwoch." in page.text
    assert "Gespeicherter Text: am Donnerstag." in page.text
    assert "kollegin" in page.text
    assert "<del>Gespeicherter</del>" in page.text
    assert 'name="body" value="mine"' in page.text
    assert 'name="headline"' not in page.text  # the same on both sides

    form = client.get(change_url(piece))
    assert "wurde abgelehnt" in form.text


def test_the_merge_is_saved_against_the_new_version(client, editor, colleague, piece):
    refuse_a_stale_save(client, editor, colleague, piece)
    WorkingDraft.objects.filter(kind="refused").update(
        snapshot={
            **WorkingDraft.objects.get(kind="refused").snapshot,
            "teaser": "Mein neuer Vorspann.",
        }
    )
    piece.refresh_from_db()
    response = client.post(
        conflict_url(piece),
        {"version": piece.version, "body": "mine", "teaser": "stored"},
    )
    assert response.status_code == 302
    assert response.url == change_url(piece) + "?fassung=entwurf"
    assert not WorkingDraft.objects.filter(kind="refused").exists()

    form = client.get(response.url)
    assert "Mein Text: am Mittwoch." in form.text
    assert form.context["adminform"].form.initial["version"] == piece.version
    data = article_form_data(piece, body="Mein Text: am Mittwoch.")
    assert client.post(response.url, data).status_code == 302
    piece.refresh_from_db()
    assert piece.body == "Mein Text: am Mittwoch."
    assert piece.teaser != "Mein neuer Vorspann."
    assert not WorkingDraft.objects.filter(article=piece, user=editor).exists()


def test_a_merge_of_an_outdated_page_is_refused(client, editor, colleague, piece):
    refuse_a_stale_save(client, editor, colleague, piece)
    response = client.post(conflict_url(piece), {"version": 1, "body": "mine"})
    assert response.url == conflict_url(piece)
    assert WorkingDraft.objects.filter(kind="refused").exists()


def test_forged_version_is_refused_without_error(client, editor, piece):
    client.force_login(editor)
    for version in ("99", "-1", "abc"):
        data = article_form_data(piece, body="Gefälscht.", version=version)
        response = client.post(change_url(piece), data)
        assert response.status_code in (200, 302)
    piece.refresh_from_db()
    assert piece.body == "Die Delegationen treffen sich am Dienstag."


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_version_end_with_one_winner(section):
    article = make_article(section=section, body="Ausgangstext.")
    results = []
    both_loaded = threading.Barrier(2)

    def save(body):
        try:
            stored = Article.objects.get(pk=article.pk)
            both_loaded.wait(5)  # both hold version 1 before either saves
            stored.body = body
            try:
                stored.save_with_revision(source="race")
                results.append(body)
            except StaleVersionError:
                results.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(body,)) for body in ("Erster.", "Zweiter.")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert len(results) == 2 and results.count("refused") == 1
    (winner,) = [body for body in results if body != "refused"]
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == winner
    assert stored.version == 2
    assert Revision.objects.filter(article=article).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_save_waiting_for_another_is_refused_when_it_commits(section):
    """The refusal is the database's: the loser read the version before the winner
    stored, and waits on the winner's lock instead of trusting what it read."""
    article = make_article(section=section, body="Ausgangstext.")
    winner_holds_lock = threading.Event()
    loser_outcome = []

    def winner():
        try:
            stored = Article.objects.get(pk=article.pk)
            with transaction.atomic():
                stored.body = "Gewinner."
                stored.save()
                winner_holds_lock.set()
                time.sleep(0.5)  # the loser is now waiting
        finally:
            connection.close()

    def loser():
        try:
            stored = Article.objects.get(pk=article.pk)
            winner_holds_lock.wait(5)
            stored.body = "Verlierer."
            try:
                stored.save()
                loser_outcome.append("stored")
            except StaleVersionError:
                loser_outcome.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=winner), threading.Thread(target=loser)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert loser_outcome == ["refused"]
    assert Article.objects.get(pk=article.pk).body == "Gewinner."


@pytest.mark.django_db(transaction=True)
def test_two_editors_posting_at_once_one_is_refused(section, editorial_groups):
    article = make_article(section=section, status="draft", body="Ausgangstext.")
    editors = [make_user(group="Redaktion") for _ in range(2)]
    start = threading.Barrier(2)
    answers = {}

    def post(editor, body):
        try:
            client = Client()
            client.force_login(editor)
            data = article_form_data(article, body=body)
            start.wait(5)
            answers[body] = client.post(change_url(article), data).url
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=(editor, body))
        for editor, body in zip(editors, ["Erster.", "Zweiter."], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    refused = [body for body, url in answers.items() if url == conflict_url(article)]
    assert len(answers) == 2 and len(refused) == 1
    stored = Article.objects.get(pk=article.pk)
    assert stored.body != refused[0] and stored.version == 2
    assert WorkingDraft.objects.get(kind="refused").snapshot["body"] == refused[0]


def test_bulk_action_does_not_overwrite_a_later_edit(editor, section):
    article = make_article(section=section, status="draft", body="Alt.")
    queryset = Article.objects.filter(pk=article.pk)
    list(queryset)  # the action has read the piece ...
    edited = Article.objects.get(pk=article.pk)
    edited.body = "Neu, nach dem Lesen."
    edited.save()  # ... before someone else saved it

    request = RequestFactory().post("/")
    request.user = editor
    request._messages = CookieStorage(request)
    model_admin = admin.site.get_model_admin(Article)
    model_admin.publish_selected(request, queryset)

    stored = Article.objects.get(pk=article.pk)
    assert stored.body == "Neu, nach dem Lesen."
    assert stored.status == Article.Status.DRAFT
    texts = [str(message) for message in get_messages(request)]
    assert any("nicht bearbeitet" in text and "Überschrift" in text for text in texts)
    assert "0 Artikel veröffentlicht." in texts


def test_autosave_keeps_a_draft_without_touching_the_piece(client, editor, piece):
    client.force_login(editor)
    response = client.post(
        autosave_url(piece),
        {"version": piece.version, "body": "Halb getippt", "headline": ""},
    )
    assert response.status_code == 200
    assert "Automatisch gespeichert" in response.json()["message"]
    draft = WorkingDraft.objects.get(article=piece, user=editor, kind="autosave")
    assert draft.snapshot["body"] == "Halb getippt"
    assert draft.version == piece.version
    stored = Article.objects.get(pk=piece.pk)
    assert stored.body == piece.body and stored.version == piece.version
    assert not Revision.objects.filter(article=piece).exists()

    page = client.get(change_url(piece))
    assert "Automatisch gespeicherte Fassung vom" in page.text
    restored = client.get(change_url(piece) + "?fassung=entwurf")
    assert restored.context["adminform"].form.initial["body"] == "Halb getippt"

    discard = reverse("admin:articles_article_discard_draft", args=[piece.pk])
    client.post(discard)
    assert not WorkingDraft.objects.filter(article=piece).exists()


def test_stale_autosave_gets_409(client, editor, piece):
    client.force_login(editor)
    Article.objects.get(pk=piece.pk).save()
    response = client.post(autosave_url(piece), {"version": 1, "body": "Veraltet"})
    assert response.status_code == 409
    assert "inzwischen" in response.json()["message"]
    assert not WorkingDraft.objects.exists()


def test_autosave_checks_permissions(client, reporter, editor, piece):
    client.force_login(reporter)
    response = client.post(autosave_url(piece), {"version": 1, "body": "Fremd"})
    assert response.status_code == 403
    assert client.get(autosave_url(piece)).status_code in (403, 405)
    client.logout()
    assert client.post(autosave_url(piece), {"version": 1}).status_code == 302
    assert not WorkingDraft.objects.exists()


def test_the_form_shows_who_else_has_the_piece_open(client, editor, colleague, piece):
    other = Client()
    other.force_login(colleague)
    other.get(change_url(piece))
    client.force_login(editor)
    page = client.get(change_url(piece))
    assert "Gerade ebenfalls geöffnet von:" in page.text
    assert "kollegin" in page.text
    assert EditorPresence.objects.count() == 2

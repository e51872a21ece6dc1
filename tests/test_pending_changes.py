"""Changes to a published piece stay away from readers until editors publish them."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEntry, PendingChanges, Revision

from .builders import article_form_data, make_article, make_person

SECRET = "Neufassung"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def pending_url(article, step):
    return reverse("admin:articles_article_pending", args=[article.pk, step])


@pytest.fixture
def live(section):
    author = make_person(name="Lena Hoffmann")
    minister = make_person(name="Sergej Lawrow")
    article = make_article(
        section=section,
        headline="Treffen in Riad",
        teaser="Die Delegationen sprechen.",
        body="Außenminister Sergej Lawrow sprach in Riad.",
        publish_at=timezone.now() - timedelta(hours=2),
    )
    article.bylines.create(person=author)
    article.mentions.create(person=minister, role="Außenminister")
    article.tags.add("Diplomatie")
    return Article.objects.get(pk=article.pk)


def save_pending(client, article, **changes):
    data = article_form_data(article, _save_as_pending="1", **changes)
    return client.post(change_url(article), data)


def reader_urls(article):
    day = timezone.localtime(article.publish_at)
    return [
        "/",
        article.get_absolute_url(),
        "/politik/",
        "/themen/diplomatie/",
        "/personen/lena-hoffmann/",
        "/personen/sergej-lawrow/",
        f"/archiv/{day:%Y/%m/%d}/",
        "/suche/?q=Riad",
        "/feed/",
        "/feed/atom/",
        "/politik/feed/",
        "/themen/diplomatie/feed/",
        "/personen/sergej-lawrow/feed/atom/",
        "/sitemap-news.xml",
    ]


def without_highlights(html):
    """Search results mark the words found."""
    return re.sub(r"</?mark>", "", html)


def ninjs_export(article):
    if not settings.NINJS_SCHEMA.exists():
        pytest.skip(f"export_ninjs validates against {settings.NINJS_SCHEMA}: absent")
    output = StringIO()
    call_command("export_ninjs", article.slug, stdout=output)
    return json.loads(output.getvalue())


def test_pending_changes_stay_away_from_every_reader_page(client, editor, live):
    client.force_login(editor)
    updated_before = live.updated_at
    response = save_pending(
        client,
        live,
        headline=f"{SECRET}: Treffen in Riad",
        body=f"Außenminister Sergej Lawrow sprach in Riad. {SECRET}.",
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=live.pk)
    assert stored.headline == "Treffen in Riad"
    assert stored.updated_at == updated_before
    assert stored.pending_changes.snapshot["headline"].startswith(SECRET)
    assert [m.person.name for m in stored.mentions.all()] == ["Sergej Lawrow"]

    client.logout()
    for url in reader_urls(live):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "Treffen in Riad" in without_highlights(page.text), url
        assert SECRET not in page.text, url
    search = client.get(f"/suche/?q={SECRET}")
    assert SECRET not in search.text.split("</h1>")[1]
    exported = ninjs_export(live)
    assert exported["headlines"][0]["value"] == "Treffen in Riad"
    assert SECRET not in json.dumps(exported)


def test_publishing_the_changes_puts_them_everywhere(client, editor, live):
    client.force_login(editor)
    save_pending(
        client,
        live,
        headline=f"{SECRET}: Treffen in Riad",
        body=f"Außenminister Sergej Lawrow sprach in Riad. {SECRET}.",
    )
    live.refresh_from_db()
    before = timezone.now()
    response = client.post(
        pending_url(live, "veroeffentlichen"), {"version": live.version}
    )
    assert response.status_code == 302
    published = Article.objects.get(pk=live.pk)
    assert published.headline.startswith(SECRET)
    assert published.updated_at >= before
    assert published.was_updated
    assert not PendingChanges.objects.filter(article=live).exists()
    latest = Revision.objects.filter(article_id=live.pk).first()
    assert not latest.pending and latest.snapshot["headline"].startswith(SECRET)
    assert AuditEntry.objects.filter(
        article_id=live.pk, action="pending_published", user=editor
    ).exists()

    client.logout()
    for url in reader_urls(published):
        assert SECRET in client.get(url).text, url
    assert ninjs_export(published)["headlines"][0]["value"].startswith(SECRET)
    page = client.get(published.get_absolute_url()).text
    assert "Aktualisiert am" in page


def test_discarding_the_changes_keeps_the_live_piece(client, editor, live):
    client.force_login(editor)
    save_pending(client, live, headline=f"{SECRET}: verworfen")
    live.refresh_from_db()
    client.post(pending_url(live, "verwerfen"), {"version": live.version})
    assert not PendingChanges.objects.filter(article=live).exists()
    assert Article.objects.get(pk=live.pk).headline == "Treffen in Riad"
    assert AuditEntry.objects.filter(action="pending_discarded").exists()


def test_the_form_loads_the_pending_changes(client, editor, live):
    client.force_login(editor)
    guest = make_person(name="Gast Autorin")
    data = article_form_data(live, headline=f"{SECRET}: Formular")
    data.update(
        {
            "_save_as_pending": "1",
            "bylines-TOTAL_FORMS": "2",
            "bylines-1-person": guest.pk,
            "bylines-1-position": "1",
        }
    )
    client.post(change_url(live), data)
    page = client.get(change_url(live))
    assert "Für diesen Artikel gibt es unveröffentlichte Änderungen" in page.text
    assert f'value="{SECRET}: Formular"' in page.text
    bylines = page.context["inline_admin_formsets"][0].formset
    assert [form.initial.get("person") for form in bylines.forms][:2] == [
        live.bylines.get().person_id,
        guest.pk,
    ]
    assert bylines.initial_form_count() == 0
    assert live.bylines.count() == 1

    # Saving the form as it is loaded (every row new) puts the changes live.
    live.refresh_from_db()
    again = article_form_data(live, headline=f"{SECRET}: Formular")
    for number, person in enumerate([live.bylines.get().person_id, guest.pk]):
        again[f"bylines-{number}-person"] = person
        again[f"bylines-{number}-position"] = number
        again.pop(f"bylines-{number}-id", None)
    again.update({"bylines-TOTAL_FORMS": "2", "bylines-INITIAL_FORMS": "0"})
    response = client.post(change_url(live), again)
    assert response.status_code == 302
    stored = Article.objects.get(pk=live.pk)
    assert stored.headline == f"{SECRET}: Formular"
    assert [b.person.name for b in stored.bylines.all()] == [
        "Lena Hoffmann",
        "Gast Autorin",
    ]
    assert not PendingChanges.objects.filter(article=live).exists()


def test_a_reporter_can_never_put_changes_live(client, reporter, editor, live):
    live.bylines.create(person=reporter.person, position=1)
    client.force_login(editor)
    save_pending(client, live, headline=f"{SECRET}: Reporter")
    live.refresh_from_db()
    client.force_login(reporter)
    for step in ("veroeffentlichen", "verwerfen"):
        response = client.post(pending_url(live, step), {"version": live.version})
        assert response.status_code == 403
    assert save_pending(client, live, headline="Von der Reporterin").status_code == 403
    assert Article.objects.get(pk=live.pk).headline == "Treffen in Riad"
    assert (
        PendingChanges.objects.get(article=live).snapshot["headline"].startswith(SECRET)
    )


def test_pending_changes_of_an_outdated_form_are_refused(client, editor, live):
    client.force_login(editor)
    stale = Article.objects.get(pk=live.pk)
    save_pending(client, live, headline=f"{SECRET}: zuerst")
    response = save_pending(client, stale, headline=f"{SECRET}: später")
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_article_conflict", args=[live.pk])
    assert (
        PendingChanges.objects.get(article=live).snapshot["headline"].endswith("zuerst")
    )

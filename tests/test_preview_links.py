"""Signed preview links: a reviewer without an account sees a piece until the link
expires or is revoked; anything else is the same 404."""

import re
import secrets
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEntry, PreviewLink, Section
from articles.revisions import save_pending_changes, take_snapshot

from .builders import make_article, make_person

Status = Article.Status
SECRET_HEADLINE = "Geheimer Entwurf über Riad"


@pytest.fixture
def draft(section, reporter):
    article = make_article(
        section=section,
        status=Status.DRAFT,
        headline=SECRET_HEADLINE,
        body="## Noch nicht fertig\n\nEin vertraulicher Absatz.",
        created_by=reporter,
    )
    article.corrections.create(text="Vorab korrigiert.")
    return article


@pytest.fixture
def link_and_token(draft, editor):
    return PreviewLink.make(draft, by=editor)


def preview_url(token):
    return reverse("articles:preview", args=[token])


def links_url(article):
    return reverse("admin:articles_article_preview_links", args=[article.pk])


def assert_reveals_nothing(response):
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text
    for secret in (SECRET_HEADLINE, "vertraulicher", "Vorschau –", "Entwurf"):
        assert secret not in response.text


class TestPreviewPage:
    def test_shows_the_draft_as_readers_will_see_it(self, client, link_and_token):
        _link, token = link_and_token
        response = client.get(preview_url(token))
        assert response.status_code == 200
        html = response.text
        assert f"<h1>{SECRET_HEADLINE}</h1>" in html
        assert "<h2>Noch nicht fertig</h2>" in html
        assert "Vorab korrigiert." in html
        assert '<p class="preview-banner" role="status">Vorschau – Entwurf</p>' in html
        assert html.count("<h1>") == 1
        assert 'rel="canonical"' not in html

    def test_shows_pending_changes_and_leaves_the_live_piece_alone(
        self, client, section, editor
    ):
        live = make_article(section=section, headline="Treffen in Riad")
        live.bylines.create(person=make_person(name="Lena Hoffmann"))
        changes = take_snapshot(live)
        changes["headline"] = "Treffen in Riad: Einigung auf Arbeitsgruppen"
        weber = make_person(name="Jonas Weber")
        changes["bylines"] = [{"person": weber.pk, "name": weber.name, "role": ""}]
        save_pending_changes(live, changes, editor)
        _link, token = PreviewLink.make(live, by=editor)

        html = client.get(preview_url(token)).text

        assert "<h1>Treffen in Riad: Einigung auf Arbeitsgruppen</h1>" in html
        assert "Jonas Weber" in html
        assert "Lena Hoffmann" not in html
        stored = Article.objects.get(pk=live.pk)
        assert stored.headline == "Treffen in Riad"
        assert stored.version == live.version
        assert [b.person.name for b in stored.bylines.all()] == ["Lena Hoffmann"]
        reader = client.get(live.get_absolute_url()).text
        assert "Einigung auf Arbeitsgruppen" not in reader

    def test_headers_keep_it_private(self, client, link_and_token):
        response = client.get(preview_url(link_and_token[1]))
        assert re.search(r'<meta name="robots" content="noindex[^"]*">', response.text)
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= cache_control
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["X-Robots-Tag"] == "noindex"

    def test_the_draft_stays_hidden_from_readers(self, client, draft, link_and_token):
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_query_count(self, client, link_and_token, django_assert_num_queries):
        # link, article with section, bylines, tags, mentions, corrections, pending
        # changes; sections in the navigation, pages in the footer
        with django_assert_num_queries(9):
            client.get(preview_url(link_and_token[1]))

    def test_expired_link_is_not_found(self, client, link_and_token):
        link, token = link_and_token
        PreviewLink.objects.filter(pk=link.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
        assert_reveals_nothing(client.get(preview_url(token)))

    def test_revoked_link_is_not_found(self, client, link_and_token, editor):
        link, token = link_and_token
        link.revoke(by=editor)
        assert_reveals_nothing(client.get(preview_url(token)))
        link.refresh_from_db()
        assert link.revoked_by == editor
        assert link.state == "widerrufen"

    @pytest.mark.parametrize(
        "alter",
        [
            lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
            lambda token: ("x" if token[0] != "x" else "y") + token[1:],
            lambda token: token[:20],
            lambda token: token + "A",
            lambda token: secrets.token_urlsafe(32),
            lambda token: PreviewLink.hash_token(token),
            lambda token: "%20",
            lambda token: "ä" * 43,
        ],
        ids=[
            "last-char",
            "first-char",
            "truncated",
            "extended",
            "random",
            "stored-hash",
            "blank",
            "unicode",
        ],
    )
    def test_altered_token_is_not_found(self, client, link_and_token, alter):
        _link, token = link_and_token
        assert_reveals_nothing(client.get(preview_url(alter(token))))

    def test_same_404_for_every_kind_of_failure(self, client, link_and_token, editor):
        link, token = link_and_token
        unknown = client.get(preview_url(secrets.token_urlsafe(32))).content
        link.revoke(by=editor)
        assert client.get(preview_url(token)).content == unknown

    def test_raw_token_is_not_stored(self, link_and_token):
        link, token = link_and_token
        link.refresh_from_db()
        assert token not in link.token_hash
        assert len(token) >= 43  # 32 random bytes, URL-safe base64
        assert link.token_hash == PreviewLink.hash_token(token)

    def test_link_works_for_a_piece_in_review_too(self, client, section, editor):
        piece = make_article(section=section, status=Status.REVIEW, headline="Prüfen")
        _link, token = PreviewLink.make(piece, by=editor)
        assert "Vorschau – In Prüfung" in client.get(preview_url(token)).text


class TestExpiry:
    def test_default_is_48_hours(self, draft, editor):
        before = timezone.now()
        link, _token = PreviewLink.make(draft, by=editor)
        assert (
            before + timedelta(hours=48)
            <= link.expires_at
            <= timezone.now() + timedelta(hours=48)
        )
        assert link.state == "gültig"

    @pytest.mark.parametrize(
        "delta, message",
        [
            (timedelta(days=30, minutes=1), "höchstens 30 Tage"),
            (timedelta(days=365), "höchstens 30 Tage"),
            (timedelta(minutes=-1), "in der Zukunft ablaufen"),
        ],
        ids=["31-days", "a-year", "past"],
    )
    def test_out_of_range_expiry_is_refused(self, draft, editor, delta, message):
        with pytest.raises(ValidationError, match=message):
            PreviewLink.make(draft, by=editor, expires_at=timezone.now() + delta)
        assert not PreviewLink.objects.exists()

    def test_thirty_days_is_allowed(self, draft, editor):
        expires = timezone.now() + timedelta(days=30) - timedelta(minutes=1)
        link, _token = PreviewLink.make(draft, by=editor, expires_at=expires)
        assert link.expires_at == expires

    def test_state_of_an_expired_link(self, link_and_token):
        link, _token = link_and_token
        link.expires_at = timezone.now() - timedelta(minutes=1)
        assert link.state == "abgelaufen"


class TestAdmin:
    def test_editor_makes_a_link_and_sees_it_once(self, client, editor, draft):
        client.force_login(editor)
        page = client.get(links_url(draft))
        assert page.status_code == 200
        assert "Neuen Link erstellen" in page.text
        suggested = timezone.localtime() + timedelta(hours=48)
        assert suggested.strftime("%Y-%m-%dT%H") in page.text

        expires = timezone.localtime() + timedelta(days=3)
        response = client.post(
            links_url(draft), {"expires_at": expires.strftime("%Y-%m-%dT%H:%M")}
        )
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        url = re.search(
            r'id="new-link-url"[^>]*value="(http://testserver/vorschau/[^"]+/)"',
            response.text,
        ).group(1)
        link = PreviewLink.objects.get()
        assert (link.article, link.created_by) == (draft, editor)
        assert link.expires_at == expires.replace(second=0, microsecond=0)
        assert "gültig" in response.text

        client.logout()
        preview = client.get(url.removeprefix("http://testserver"))
        assert f"<h1>{SECRET_HEADLINE}</h1>" in preview.text

        # Shown once: the list shows the link's state, never the URL again.
        client.force_login(editor)
        assert url not in client.get(links_url(draft)).text

    @pytest.mark.parametrize(
        "value, message",
        [
            (lambda now: now + timedelta(days=31), "höchstens 30 Tage"),
            (lambda now: now - timedelta(hours=1), "in der Zukunft ablaufen"),
            (
                lambda now: "morgen früh",
                "Bitte ein gültiges Datum und Uhrzeit eingeben.",
            ),
            (lambda now: "", "Dieses Feld ist zwingend erforderlich."),
        ],
        ids=["too-long", "past", "garbage", "empty"],
    )
    def test_bad_expiry_gets_a_clear_message(
        self, client, editor, draft, value, message
    ):
        client.force_login(editor)
        raw = value(timezone.localtime())
        if not isinstance(raw, str):
            raw = raw.strftime("%Y-%m-%dT%H:%M")
        response = client.post(links_url(draft), {"expires_at": raw})
        assert response.status_code == 200
        assert message in response.text
        assert 'id="new-link-url"' not in response.text
        assert not PreviewLink.objects.exists()

    def test_editor_revokes_a_link(self, client, editor, draft, link_and_token):
        link, token = link_and_token
        client.force_login(editor)
        listing = client.get(links_url(draft)).text
        assert f'name="revoke" value="{link.pk}"' in listing
        response = client.post(links_url(draft), {"revoke": link.pk}, follow=True)
        assert "Der Vorschau-Link ist widerrufen." in response.text
        logged = AuditEntry.objects.filter(article_id=draft.pk).order_by("pk")
        assert [(entry.action, entry.user) for entry in logged] == [
            (AuditEntry.Action.PREVIEW_LINK_MADE, editor),
            (AuditEntry.Action.PREVIEW_LINK_REVOKED, editor),
        ]
        assert "widerrufen" in response.text
        link.refresh_from_db()
        assert link.revoked_at is not None
        assert f'name="revoke" value="{link.pk}"' not in response.text
        assert client.get(preview_url(token)).status_code == 404

    def test_list_shows_each_state(self, client, editor, draft):
        expired, _ = PreviewLink.make(draft, by=editor)
        PreviewLink.objects.filter(pk=expired.pk).update(
            expires_at=timezone.now() - timedelta(hours=1)
        )
        revoked, _ = PreviewLink.make(draft, by=editor)
        revoked.revoke(by=editor)
        PreviewLink.make(draft, by=editor)
        client.force_login(editor)
        html = client.get(links_url(draft)).text
        for state in ("<td>gültig</td>", "<td>abgelaufen</td>", "<td>widerrufen</td>"):
            assert state in html

    @pytest.mark.parametrize("revoke", ["abc", "999999", "", "9" * 30, "١"])
    def test_forged_revoke_changes_nothing(
        self, client, editor, draft, link_and_token, revoke
    ):
        client.force_login(editor)
        response = client.post(links_url(draft), {"revoke": revoke})
        assert response.status_code == 404
        link, _token = link_and_token
        link.refresh_from_db()
        assert link.revoked_at is None

    def test_cannot_revoke_another_pieces_link(self, client, editor, draft, section):
        other = make_article(section=section, status=Status.DRAFT)
        link, _token = PreviewLink.make(other, by=editor)
        client.force_login(editor)
        assert client.post(links_url(draft), {"revoke": link.pk}).status_code == 404
        link.refresh_from_db()
        assert link.revoked_at is None

    def test_change_form_links_to_the_preview_links(self, client, editor, draft):
        client.force_login(editor)
        html = client.get(
            reverse("admin:articles_article_change", args=[draft.pk])
        ).text
        assert f'href="{links_url(draft)}"' in html


class TestPermissions:
    def test_reporter_makes_a_link_for_own_draft(self, client, reporter, draft):
        client.force_login(reporter)
        expires = timezone.localtime() + timedelta(days=1)
        response = client.post(
            links_url(draft), {"expires_at": expires.strftime("%Y-%m-%dT%H:%M")}
        )
        assert response.status_code == 200
        assert PreviewLink.objects.get().created_by == reporter

    def test_reporter_cannot_for_others_piece(
        self, client, other_reporter, draft, link_and_token
    ):
        client.force_login(other_reporter)
        assert client.get(links_url(draft)).status_code == 403
        expires = timezone.localtime() + timedelta(days=1)
        response = client.post(
            links_url(draft), {"expires_at": expires.strftime("%Y-%m-%dT%H:%M")}
        )
        assert response.status_code == 403
        link, _token = link_and_token
        response = client.post(links_url(draft), {"revoke": link.pk})
        assert response.status_code == 403
        link.refresh_from_db()
        assert link.revoked_at is None
        assert PreviewLink.objects.count() == 1

    def test_reporter_cannot_for_own_published_piece(self, client, reporter, section):
        published = make_article(section=section, created_by=reporter)
        client.force_login(reporter)
        assert client.get(links_url(published)).status_code == 403

    def test_editor_may_for_any_piece(self, client, editor, section):
        published = make_article(section=section)
        client.force_login(editor)
        assert client.get(links_url(published)).status_code == 200

    def test_anonymous_is_sent_to_login(self, client, draft):
        response = client.get(links_url(draft))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_vorschau_is_reserved_for_the_site(db):
    with pytest.raises(ValidationError, match="reserviert"):
        Section(name="Vorschau", slug="vorschau").full_clean()

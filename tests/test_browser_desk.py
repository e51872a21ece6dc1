"""Two editors on one piece, and a closed tab: in a real browser, nothing is lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Section, WorkingDraft

from .builders import make_article, make_user

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.locator("#user-tools").wait_for()


@pytest.fixture
def piece(editorial_groups):
    section = Section.objects.create(name="Politik", slug="politik")
    return make_article(
        section=section,
        headline="Treffen in Riad",
        body="Die Delegationen treffen sich am Dienstag.",
        publish_at=timezone.now() - timedelta(hours=1),
    )


def test_two_editors_second_save_is_refused_merged_and_published(
    browser, live_server, piece
):
    make_user(group="Redaktion", username="anna")
    make_user(group="Redaktion", username="ben")
    contexts = [
        browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
        for _ in range(3)
    ]
    anna, ben, reader = (context.new_page() for context in contexts)
    change = f"{live_server.url}/admin/articles/article/{piece.pk}/change/"
    try:
        log_in(anna, live_server, "anna")
        log_in(ben, live_server, "ben")
        anna.goto(change)
        ben.goto(change)
        assert "anna" in ben.locator("#other-editors").inner_text()

        anna.fill("#id_headline", "Treffen in Riad verschoben")
        anna.fill("#id_body", "Die Delegationen treffen sich erst am Mittwoch.")
        anna.click("input[name=_continue]")
        anna.locator(".messagelist .success").wait_for()

        ben.fill("#id_body", "Die Delegationen treffen sich am Dienstag in Riad.")
        ben.click("input[name=_continue]")
        ben.wait_for_url("**/konflikt/")
        assert "anna" in ben.locator(".errornote").first.inner_text()
        assert "am Dienstag in Riad." in ben.locator("#merge-body .mine").inner_text()
        assert "erst am Mittwoch." in ben.locator("#merge-body .stored").inner_text()
        ben.check("#merge-headline input[value=stored]")
        ben.check("#merge-body input[value=mine]")
        ben.click("input[name=_merge]")
        ben.wait_for_url("**/change/?fassung=entwurf")
        assert ben.input_value("#id_headline") == "Treffen in Riad verschoben"
        body = "Die Delegationen treffen sich am Dienstag in Riad."
        assert ben.input_value("#id_body") == body
        ben.click("input[name=_continue]")
        ben.locator(".messagelist .success").wait_for()

        stored = Article.objects.get(pk=piece.pk)
        assert stored.headline == "Treffen in Riad verschoben"
        assert stored.body == body
        assert stored.is_live

        reader.goto(f"{live_server.url}{stored.get_absolute_url()}")
        assert reader.locator("h1").inner_text() == "Treffen in Riad verschoben"
        assert body in reader.locator("article").inner_text()
    finally:
        for context in contexts:
            context.close()


def test_a_closed_tab_gets_its_autosaved_text_back(page, live_server, piece):
    make_user(group="Redaktion", username="clara")
    log_in(page, live_server, "clara")
    change = f"{live_server.url}/admin/articles/article/{piece.pk}/change/"
    page.goto(change)
    typed = "Die Delegationen treffen sich am Dienstag. Neu: ein zweiter Satz."
    body = page.locator("#id_body")
    body.click()
    body.press("Control+End")
    body.press_sequentially(" Neu: ein zweiter Satz.")
    status = page.locator("#autosave-status")
    status.filter(has_text="Automatisch gespeichert").wait_for()
    assert page.input_value("#id_body") == typed
    page.close()

    assert Article.objects.get(pk=piece.pk).body == piece.body
    assert WorkingDraft.objects.get(kind="autosave").snapshot["body"] == typed

    reopened = page.context.new_page()
    reopened.goto(change)
    offer = reopened.locator("#autosave-offer")
    assert "Automatisch gespeicherte Fassung vom" in offer.inner_text()
    offer.locator("a", has_text="wiederherstellen").click()
    reopened.wait_for_url("**?fassung=entwurf")
    assert reopened.input_value("#id_body") == typed
    reopened.click("input[name=_continue]")
    reopened.locator(".messagelist .success").wait_for()
    assert Article.objects.get(pk=piece.pk).body == typed

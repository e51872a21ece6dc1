"""An editor writes a piece in the admin, previews it, publishes it and opens it."""

import pytest

from articles.models import Article, Section, Tag
from people.models import Person

from .builders import make_user

pytestmark = pytest.mark.browser


def choose_autocomplete(page, row, text):
    """Pick `text` in the admin's select2 autocomplete of inline row `row`."""
    page.locator(f"#{row} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_writes_previews_and_publishes(page, live_server, editorial_groups):
    Section.objects.create(name="Politik", slug="politik")
    Person.objects.create(name="Lena Hoffmann")
    Person.objects.create(name="Sergej Lawrow")
    Tag.objects.create(name="Diplomatie")
    make_user(group="Redaktion", username="chefin")

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "chefin")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/add/")

    page.locator("#id_headline").press_sequentially("Gespräche in Riad gehen weiter")
    assert page.input_value("#id_slug") == "gespraeche-in-riad-gehen-weiter"
    page.fill("#id_teaser", "Die Delegationen treffen sich erneut.")
    page.fill("#id_body", "## Wer kommt?\n\nAußenminister Lawrow reist an.")
    page.select_option("#id_section", label="Politik")
    choose_autocomplete(page, "bylines-0", "Lena Hoffmann")
    choose_autocomplete(page, "taggedarticle_set-0", "Diplomatie")
    choose_autocomplete(page, "mentions-0", "Sergej Lawrow")
    page.fill("#id_mentions-0-role", "Außenminister")
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert [b.person.name for b in article.bylines.all()] == ["Lena Hoffmann"]

    with page.context.expect_page() as preview_opened:
        page.click("text=Vorschau")
    preview = preview_opened.value
    preview.wait_for_load_state()
    assert preview.locator("h1").inner_text() == "Gespräche in Riad gehen weiter"
    assert "Vorschau" in preview.locator(".preview-banner").inner_text()
    preview.close()

    page.select_option("#id_status", "published")
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert article.is_live

    page.click("a.viewsitelink")
    page.wait_for_url(f"**{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Gespräche in Riad gehen weiter"
    assert page.locator("h2", has_text="Wer kommt?").is_visible()
    assert page.locator(".byline a", has_text="Lena Hoffmann").is_visible()
    assert "Diplomatie" in page.locator(".tags").inner_text()

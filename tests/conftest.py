import os
from pathlib import Path

import pytest

from articles.models import Section

from .builders import make_person, make_user


@pytest.fixture
def section(db):
    return Section.objects.create(name="Politik", slug="politik")


@pytest.fixture
def editor(db):
    return make_user(group="Redaktion", username="editor")


@pytest.fixture
def reporter(db):
    user = make_user(group="Reporter", username="reporter")
    make_person(name="Rita Reporterin", user=user)
    return user


@pytest.fixture
def other_reporter(db):
    return make_user(group="Reporter", username="other")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """Pages are rendered afresh in each test, whatever CACHE_URL says; the page
    cache's own tests (tests/test_page_cache.py) turn it on."""
    settings.PAGE_CACHE_SECONDS = 0


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (it cannot download its own here)."""
    if not CHROMIUM.exists():
        reason = (
            f"Browser tests need Debian's Chromium at {CHROMIUM} (apt install chromium)"
        )
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(reason + "; NEWSROOM_REQUIRE_BROWSER is set, so this fails.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls (creating fixtures, checking results) are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()

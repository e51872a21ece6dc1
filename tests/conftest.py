import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache

from articles.models import Section

from .builders import make_person, make_user


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory
):
    """SQLite tests use a database file rather than memory.

    Threads then get connections of their own with SQLite's real locking, as two
    app server processes would: the race tests and the live server need that.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test_file = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(test_file)


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded files and their renditions in a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield tmp_path
    cache.clear()


@pytest.fixture
def editorial_groups(transactional_db):
    """The two roles, for tests that commit: they flush the database after them, and
    with it the groups that migration 0003 made."""
    groups = importlib.import_module("articles.migrations.0003_editorial_groups")
    for name, codenames in [
        ("Reporter", groups.REPORTER_PERMISSIONS),
        ("Redaktion", groups.editor_permissions()),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(groups.permissions_for(django_apps, codenames))


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
    cache's own tests (tests/test_page_cache.py) turn it on. The fragments cached
    under the content generation (the navigation) start afresh too: a test's
    transaction never commits, so the generation would not move between tests."""
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


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


@pytest.fixture
def wrk():
    """For the benchmark's tests: skips without wrk, unless CI requires it."""
    if shutil.which("wrk") is None:
        reason = "the benchmark needs wrk (apt-get install wrk)"
        if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
            pytest.fail(reason + "; NEWSROOM_REQUIRE_BROWSER is set, so this fails.")
        pytest.skip(reason)


@pytest.fixture
def local_page_cache(settings):
    """The page cache on, in the local cache whatever CACHE_URL says, so that
    tests can look into its entries."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.CDN_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()

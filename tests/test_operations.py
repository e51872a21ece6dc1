"""Operation: the database going away and coming back, /healthz, the CSP header."""

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .builders import make_article, make_person, make_user
from .test_page_cache import PROJECT, free_port


@pytest.fixture
def database_down():
    """Point the connection at a database that cannot be reached; restore after.

    The live connection is kept aside rather than closed: an in-memory SQLite test
    database would vanish with its last connection.
    """
    kept_connection = connection.connection
    kept_settings = dict(connection.settings_dict)

    def take_down():
        connection.connection = None
        if connection.vendor == "sqlite":
            connection.settings_dict["NAME"] = "/nonexistent/folder/newsroom.sqlite3"
        else:
            connection.settings_dict.update(HOST="127.0.0.1", PORT="1")

    def bring_back():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(kept_settings)
        connection.connection = kept_connection

    yield take_down, bring_back
    if connection.settings_dict != kept_settings:
        bring_back()


@pytest.mark.django_db(transaction=True)
def test_public_pages_answer_503_while_the_database_is_down_and_recover(
    client, database_down
):
    take_down, bring_back = database_down
    article = make_article(headline="Treffen in Riad")
    urls = ["/", article.get_absolute_url(), "/personen/niemand/", "/suche/?q=Riad"]
    take_down()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
        page = response.content.decode()
        assert "Wir sind gleich wieder da" in page
        assert "Traceback" not in page
    bring_back()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Treffen in Riad" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_cached_pages_are_still_served_while_the_database_is_down(
    client, database_down, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    take_down, _ = database_down
    article = make_article(headline="Treffen in Riad")
    client.get(article.get_absolute_url())
    take_down()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert client.get("/").status_code == 503
    cache.clear()


def test_healthz_reports_database_and_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_down(client, database_down):
    take_down, bring_back = database_down
    take_down()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "failed", "cache": "ok"}
    bring_back()
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_503_when_the_cache_is_down(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/10",
        }
    }
    settings.PAGE_CACHE_SECONDS = 600
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "failed"}
    # Readers are served from the database meanwhile.
    assert client.get("/").status_code == 200


def test_csp_header_on_public_pages_and_the_admin(client, admin_client, db):
    article = make_article()
    for response in (
        client.get("/"),
        client.get(article.get_absolute_url()),
        admin_client.get(f"/admin/articles/article/{article.pk}/change/"),
    ):
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "object-src 'none'" in policy
        assert "unsafe-inline" not in policy


@pytest.mark.browser
def test_admin_and_public_pages_work_under_the_csp(page, live_server, transactional_db):
    from .test_browser_editor import choose_autocomplete

    make_person(name="Lena Hoffmann")
    article = make_article(headline="Treffen in Riad")
    make_user(username="chefin", is_superuser=True)
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "Treffen in Riad"
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "chefin")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    choose_autocomplete(page, "bylines-0", "Lena Hoffmann")
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Neue Gespräche")
    assert page.input_value("#id_slug") == "neue-gespraeche"

    assert violations == []
    assert article.bylines.get().person.name == "Lena Hoffmann"


def test_cache_url_chooses_the_cache():
    from newsroom.settings import cache_from_url

    assert cache_from_url("")["BACKEND"].endswith("FileBasedCache")
    redis = cache_from_url("redis://127.0.0.1:6379/1")
    assert redis["BACKEND"] == "newsroom.redis_cache.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must start with"):
        cache_from_url("memcached://127.0.0.1:11211")


def test_gunicorn_serves_production_settings_and_logs_each_request(tmp_path):
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DEBUG"},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "newsroom.wsgi"],
        cwd=PROJECT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=5
                ) as response:
                    assert response.status == 200
                    break
            except urllib.error.URLError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not start")
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    request_lines = [line for line in output.splitlines() if "GET /healthz" in line]
    assert request_lines, output
    assert re.search(r'"GET /healthz HTTP/1.1" 200 \d+ .* \d+ms$', request_lines[-1])

"""The page cache: readers' pages from the cache, and never a stale one.

With the test's transaction around each test, `transaction.on_commit` only runs
inside `django_capture_on_commit_callbacks(execute=True)`: `committed()` below is the
moment a change is committed.
"""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from articles.models import Article, Byline, Correction, Mention, Tag
from newsroom.page_cache import (
    NOT_FOUND_SECONDS,
    claim_rendering,
    current_generation,
    page_key,
    release_rendering,
)
from people.models import Person

from .builders import make_article, make_person

pytestmark = pytest.mark.usefixtures("local_page_cache")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def article(section):
    return make_article(
        headline="Treffen in Riad", section=section, body="Die Delegationen sprechen."
    )


def warm(client, url):
    """Request `url` until it comes from the cache; returns the cached response."""
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    second = client.get(url)
    assert second["X-Cache"] == "hit"
    return second


def page_entries():
    return [key for key in cache._cache if "page-cache:page:" in key]


def fresh(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "miss"
    return response.content.decode()


def test_second_request_is_served_from_the_cache_without_queries(
    client, article, django_assert_num_queries
):
    url = article.get_absolute_url()
    first = client.get(url)
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "Treffen in Riad" in second.content.decode()


def test_head_is_served_from_the_get_entry(client, article, django_assert_num_queries):
    url = article.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        response = client.head(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert response.content == b""


def page_key_of(url):
    """The page cache's key for `url` as the test client asks for it."""
    request = RequestFactory().get(url)
    return page_key(request, current_generation())[0]


def test_a_reader_waits_for_the_page_another_request_is_rendering(
    client, article, django_assert_num_queries
):
    url = article.get_absolute_url()
    key = page_key_of(url)
    assert claim_rendering(key)
    entry = (b"meanwhile rendered", [], timezone.now() + timedelta(minutes=10), 200)
    other_request = threading.Timer(0.1, cache.set, [key, entry])
    other_request.start()
    with django_assert_num_queries(0):
        response = client.get(url)
    other_request.join()
    assert response["X-Cache"] == "hit"
    assert response.content == b"meanwhile rendered"


def test_a_reader_renders_the_page_when_the_other_request_keeps_nothing(
    client, article
):
    url = article.get_absolute_url()
    key = page_key_of(url)
    assert claim_rendering(key)
    other_request = threading.Timer(0.1, release_rendering, [key])
    other_request.start()
    response = client.get(url)
    other_request.join()
    assert response["X-Cache"] == "miss"
    assert "Treffen in Riad" in response.content.decode()


def test_a_reader_renders_the_page_when_the_other_request_takes_too_long(
    client, article, monkeypatch
):
    monkeypatch.setattr("newsroom.page_cache.RENDER_WAIT_SECONDS", 0.1)
    url = article.get_absolute_url()
    assert claim_rendering(page_key_of(url))
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Treffen in Riad" in response.content.decode()


def test_the_rendering_request_lets_go_of_its_page(client, article):
    url = article.get_absolute_url()
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get("/personen/niemand/").status_code == 404
    assert claim_rendering(page_key_of(url))
    assert claim_rendering(page_key_of("/personen/niemand/"))


def test_publishing_shows_on_the_next_request(client, committed, section):
    draft = make_article(
        status=Article.Status.DRAFT, headline="Eilmeldung aus Kiew", section=section
    )
    assert "Eilmeldung aus Kiew" not in warm(client, "/").content.decode()
    with committed():
        draft.publish()
    assert "Eilmeldung aus Kiew" in fresh(client, "/")
    assert "Eilmeldung aus Kiew" in fresh(client, draft.get_absolute_url())


def test_unpublishing_shows_on_the_next_request(client, committed, article):
    url = article.get_absolute_url()
    warm(client, url)
    assert "Treffen in Riad" in warm(client, "/").content.decode()
    with committed():
        article.unpublish()
    assert client.get(url).status_code == 404
    assert "Treffen in Riad" not in fresh(client, "/")


def test_editing_a_live_piece_shows_on_the_next_request(client, committed, article):
    url = article.get_absolute_url()
    warm(client, url)
    with committed():
        article.body = "Die Delegationen haben sich geeinigt."
        article.save()
    assert "haben sich geeinigt" in fresh(client, url)


def test_a_new_byline_shows_on_the_next_request(client, committed, article):
    url = article.get_absolute_url()
    warm(client, url)
    with committed():
        Byline.objects.create(article=article, person=make_person(name="Anna Autorin"))
    assert "Anna Autorin" in fresh(client, url)


def test_a_new_tag_shows_on_the_next_request(client, committed, article):
    url = article.get_absolute_url()
    warm(client, url)
    with committed():
        article.tags.add("Nahost")
    assert "Nahost" in fresh(client, url)


def test_a_person_mentioned_in_bulk_shows_on_the_next_request(
    client, committed, article
):
    # Bulk writes send no signals; ContentQuerySet covers them.
    url = article.get_absolute_url()
    warm(client, url)
    with committed():
        Mention.objects.bulk_create(
            [Mention(article=article, person=make_person(name="Marco Rubio"))]
        )
    assert "Marco Rubio" in fresh(client, url)


def test_an_update_query_shows_on_the_next_request(client, committed, article):
    url = article.get_absolute_url()
    warm(client, url)
    with committed():
        Article.objects.filter(pk=article.pk).update(headline="Gipfel in Riad")
    assert "Gipfel in Riad" in fresh(client, url)


def test_a_slug_change_shows_on_the_next_request(client, committed, article):
    old_url = article.get_absolute_url()
    warm(client, old_url)
    warm(client, "/")
    with committed():
        article.slug = "gipfel-in-riad"
        article.save()
    # The old address no longer shows the page (a redirect, once old slugs are kept).
    assert client.get(old_url).status_code in (301, 404)
    assert "Treffen in Riad" in fresh(client, article.get_absolute_url())
    assert article.get_absolute_url() in fresh(client, "/")


def test_a_correction_shows_on_the_next_request(client, committed, article):
    url = article.get_absolute_url()
    warm(client, url)
    with committed():
        Correction.objects.create(article=article, text="Das Treffen war in Riad.")
    assert "Das Treffen war in Riad." in fresh(client, url)


def test_a_renamed_person_shows_on_the_next_request(client, committed, article):
    person = make_person(name="Sergej Lawrow")
    Byline.objects.create(article=article, person=person)
    url = article.get_absolute_url()
    warm(client, url)
    with committed():
        person.name = "Sergei Lawrow"
        person.save()
    assert "Sergei Lawrow" in fresh(client, url)


def test_a_renamed_tag_shows_on_the_next_request(client, committed, article):
    article.tags.add("Nahost")
    url = article.get_absolute_url()
    warm(client, url)
    with committed():
        tag = Tag.objects.get(name="Nahost")
        tag.name = "Naher Osten"
        tag.save()
    assert "Naher Osten" in fresh(client, url)


def test_a_renamed_section_shows_on_the_next_request(client, committed, article):
    warm(client, "/")
    with committed():
        article.section.name = "Außenpolitik"
        article.section.save()
    assert "Außenpolitik" in fresh(client, "/")


def test_publishing_through_the_admin_shows_on_the_next_request(
    client, committed, editor, section
):
    draft = make_article(
        status=Article.Status.DRAFT, headline="Eilmeldung aus Kiew", section=section
    )
    warm(client, "/")
    staff = Client()
    staff.force_login(editor)
    with committed():
        response = staff.post(
            "/admin/articles/article/",
            {"action": "publish_selected", "_selected_action": [draft.pk]},
        )
    assert response.status_code == 302
    assert "Eilmeldung aus Kiew" in fresh(client, "/")


def test_a_draft_is_not_revealed_by_the_cache(client, committed, section):
    # Saving a draft changes the generation too, but no page shows it.
    warm(client, "/")
    with committed():
        make_article(status=Article.Status.DRAFT, headline="Geheimer Entwurf")
    assert "Geheimer Entwurf" not in fresh(client, "/")


# Scheduled pieces


def test_no_entry_outlives_the_next_scheduled_publication(client, section):
    make_article(headline="Schon draußen", section=section)
    publish_at = timezone.now() + timedelta(seconds=45)
    make_article(headline="Punkt zwölf", section=section, publish_at=publish_at)
    response = client.get("/")
    assert "Punkt zwölf" not in response.content.decode()
    # Kept here and by a CDN no longer than until the piece goes live.
    (entry_key,) = page_entries()
    seconds_kept = cache._expire_info[entry_key] - timezone.now().timestamp()
    assert 35 < seconds_kept <= 45
    directives = response["Cache-Control"].split(", ")
    (s_maxage,) = [d for d in directives if d.startswith("s-maxage=")]
    assert 35 < int(s_maxage.removeprefix("s-maxage=")) <= 45


def test_a_scheduled_piece_appears_at_its_time(client, section, monkeypatch):
    now = timezone.now()
    make_article(headline="Schon draußen", section=section)
    make_article(
        headline="Punkt zwölf", section=section, publish_at=now + timedelta(minutes=5)
    )
    assert "Punkt zwölf" not in warm(client, "/").content.decode()

    # Time passes beyond the publish time, without any write to the database.
    later = now + timedelta(minutes=5, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("time.time", lambda: later.timestamp())
    assert "Punkt zwölf" in fresh(client, "/")


# Who is never served from the cache


def test_staff_are_never_served_from_the_cache(client, article, editor):
    url = article.get_absolute_url()
    warm(client, url)
    staff = Client()
    staff.force_login(editor)
    response = staff.get(url)
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]


def test_a_staff_members_page_is_not_stored_for_readers(client, article, editor):
    staff = Client()
    staff.force_login(editor)
    staff.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"


def test_a_csrf_cookie_bypasses_the_cache(client, article):
    url = article.get_absolute_url()
    warm(client, url)
    client.cookies["csrftoken"] = "x" * 32
    assert "X-Cache" not in client.get(url)


def test_the_admin_preview_is_never_cached(client, article, editor):
    staff = Client()
    staff.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/vorschau/"
    assert staff.get(url).status_code == 200
    assert not page_entries()
    # Without the session it is the admin's login, never a cached page.
    assert client.get(url).status_code == 302


def test_post_is_never_served_from_the_cache(client, article):
    url = article.get_absolute_url()
    warm(client, url)
    response = client.post(url)
    assert "X-Cache" not in response


def test_a_response_that_sets_a_cookie_is_not_stored(client, section):
    # The admin's login page sets the CSRF cookie: it is excluded by path anyway,
    # so check the rule itself on a response.
    from django.http import HttpResponse

    from newsroom.page_cache import is_cacheable_response

    response = HttpResponse("Seite")
    assert is_cacheable_response(response)
    response.set_cookie("tracking", "1")
    assert not is_cacheable_response(response)


def test_not_found_is_kept_briefly(client, db, django_assert_num_queries):
    first = client.get("/personen/niemand/")
    assert first.status_code == 404
    assert first["X-Cache"] == "miss"
    [key] = page_entries()
    assert cache._expire_info[key] - time.time() <= NOT_FOUND_SECONDS
    with django_assert_num_queries(0):
        second = client.get("/personen/niemand/")
    assert second.status_code == 404
    assert second["X-Cache"] == "hit"
    assert second.content == first.content


def test_an_unpublished_piece_is_not_found_on_the_next_request(
    client, committed, article
):
    url = article.get_absolute_url()
    warm(client, url)
    with committed():
        article.unpublish()
    assert client.get(url).status_code == 404
    assert client.get(url)["X-Cache"] == "hit"
    with committed():
        article.publish()
    response = client.get(url)
    assert response.status_code == 200
    assert "Treffen in Riad" in response.content.decode()


def test_healthz_is_never_cached(client, db):
    client.get("/healthz")
    response = client.get("/healthz")
    assert "X-Cache" not in response
    assert "no-store" in response["Cache-Control"]


# No poisoning


def test_unknown_query_parameters_share_the_entry_and_never_reach_the_page(
    client, section
):
    for number in range(25):
        make_article(headline=f"Meldung {number}", section=section)
    poisoned = client.get("/politik/?utm_source=x&seite=2")
    assert poisoned["X-Cache"] == "miss"
    # The page's own links were rendered without the unknown parameter.
    assert "utm_source" not in poisoned.content.decode()
    plain = client.get("/politik/?seite=2")
    assert plain["X-Cache"] == "hit"
    assert plain.content == poisoned.content
    assert len(page_entries()) == 1


def test_page_parameters_are_normalised(client, db):
    client.get("/suche/?q=Riad&seite=1")
    assert client.get("/suche/?seite=1&q=Riad&fbclid=1")["X-Cache"] == "hit"
    assert client.get("/suche/?q=Kiew")["X-Cache"] == "miss"


def test_a_foreign_host_creates_no_entry(client, article):
    url = article.get_absolute_url()
    assert client.get(url, headers={"host": "evil.example"}).status_code == 400
    assert not page_entries()


def test_an_allowed_alias_host_never_gets_another_hosts_page(client, article, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.testserver"]
    url = article.get_absolute_url()
    warm(client, url)
    alias = client.get(url, headers={"host": "www.testserver"})
    assert alias["X-Cache"] == "miss"
    assert 'href="http://www.testserver/' in alias.content.decode()


def test_headers_that_do_not_change_the_page_do_not_split_the_entry(client, article):
    url = article.get_absolute_url()
    warm(client, url)
    odd = client.get(
        url,
        headers={
            "x-forwarded-host": "evil.example",
            "user-agent": "Evil/1.0",
            "x-original-url": "/admin/",
            "accept-language": "de-DE,de;q=0.9",
        },
    )
    assert odd["X-Cache"] == "hit"
    assert "evil.example" not in odd.content.decode()
    assert len(page_entries()) == 1


def test_another_language_gets_its_own_entry(client, article):
    url = article.get_absolute_url()
    warm(client, url)
    english = client.get(url, headers={"accept-language": "en"})
    assert english["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"


# Headers for a CDN, conditional requests


def test_cache_control_suits_a_cdn(client, article):
    url = article.get_absolute_url()
    for response in (client.get(url), client.get(url)):
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0", "s-maxage=60"} <= directives
        assert "stale-while-revalidate=60" in directives


def test_a_cached_page_answers_a_conditional_request_with_304(client, article):
    url = article.get_absolute_url()
    etag = client.get(url)["ETag"]
    cached = client.get(url)
    assert cached["X-Cache"] == "hit"
    assert cached["ETag"] == etag
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""


def test_a_cached_page_answers_if_modified_since_and_head_with_304(client, article):
    url = article.get_absolute_url()
    last_modified = warm(client, url)["Last-Modified"]
    for response in (
        client.get(url, headers={"if-modified-since": last_modified}),
        client.head(url, headers={"if-modified-since": last_modified}),
    ):
        assert response.status_code == 304
        assert response["X-Cache"] == "hit"
        assert response.content == b""


def test_a_conditional_request_on_a_miss_keeps_the_whole_page(
    client, committed, article
):
    # After any change every page is a miss; a CDN revalidating it must not leave
    # it uncached, or every revalidation would render it again.
    url = article.get_absolute_url()
    etag = warm(client, url)["ETag"]
    with committed():
        call_command("refresh_pages", verbosity=0)
    revalidated = client.get(url, headers={"if-none-match": etag})
    assert revalidated.status_code == 304
    assert revalidated["X-Cache"] == "miss"
    again = client.get(url)
    assert again["X-Cache"] == "hit"
    assert "Treffen in Riad" in again.content.decode()


def test_a_hit_carries_the_headers_of_every_middleware(client, article):
    url = article.get_absolute_url()
    miss = client.get(url)
    hit = client.get(url)
    assert hit["X-Cache"] == "hit"
    assert {**hit.headers, "X-Cache": "miss"} == dict(miss.headers)
    assert "frame-ancestors 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "same-origin"
    assert hit["Content-Language"] == "de"
    assert "Accept-Language" in hit["Vary"]


def test_a_hit_is_served_before_any_other_middleware(client, article, monkeypatch):
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.middleware.http import ConditionalGetMiddleware
    from django.middleware.security import SecurityMiddleware

    url = article.get_absolute_url()
    etag = warm(client, url)["ETag"]

    def must_not_run(*args):
        raise AssertionError("a hit ran another middleware")

    monkeypatch.setattr(SecurityMiddleware, "process_request", must_not_run)
    monkeypatch.setattr(
        ContentSecurityPolicyMiddleware, "process_response", must_not_run
    )
    monkeypatch.setattr(ConditionalGetMiddleware, "process_response", must_not_run)
    assert client.get(url)["X-Cache"] == "hit"
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


class CountingCache:
    """The cache, recording the name of each call: one call is one round trip."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        method = getattr(cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def test_a_hit_costs_one_cache_round_trip(client, committed, article, monkeypatch):
    url = article.get_absolute_url()
    warm(client, url)
    counting = CountingCache()
    monkeypatch.setattr("newsroom.page_cache.cache", counting)
    assert client.get(url)["X-Cache"] == "hit"
    assert counting.calls == ["get_many"]
    # After a change this process learns the new generation once.
    with committed():
        call_command("refresh_pages", verbosity=0)
    client.get(url)
    counting.calls.clear()
    assert client.get(url)["X-Cache"] == "hit"
    assert counting.calls == ["get_many"]


def test_static_files_are_left_to_whitenoise(client, article, settings, monkeypatch):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    counting = CountingCache()
    monkeypatch.setattr("newsroom.page_cache.cache", counting)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/static/newsroom/site.css")
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert "private" not in response["Cache-Control"]
    assert counting.calls == []


def test_the_page_cache_is_off_without_a_timeout(client, article, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = article.get_absolute_url()
    client.get(url)
    assert "X-Cache" not in client.get(url)


def test_a_person_page_is_cached_and_refreshed(client, committed, article):
    person = make_person(name="Sergej Lawrow", description="Außenminister")
    Mention.objects.create(article=article, person=person)
    warm(client, person.get_absolute_url())
    with committed():
        Person.objects.filter(pk=person.pk).update(description="Ex-Außenminister")
    assert "Ex-Außenminister" in fresh(client, person.get_absolute_url())


# Redis shared by several app server processes

REDIS_URL = "redis://127.0.0.1:6379/10"
PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def redis_url():
    import redis

    try:
        connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        connection.flushdb()
    except redis.RedisError as error:
        reason = f"needs Redis at {REDIS_URL} ({error})"
        if os.environ.get("NEWSROOM_REQUIRE_REDIS"):
            pytest.fail(reason + "; NEWSROOM_REQUIRE_REDIS is set, so this fails.")
        pytest.skip(reason)
    yield REDIS_URL
    connection.flushdb()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    """The site in separate processes: app servers and `manage.py` as an editor."""

    def __init__(self, environment):
        self.environment = environment
        self.servers = []

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def edit(self, code):
        """Run `code` in a separate process, as an editor's request would."""
        setup = "from articles.models import Article, Section\n"
        return self.manage("shell", "--no-imports", "-c", setup + code)

    def start_server(self):
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=PROJECT,
            env=self.environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.servers.append(server)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                self.get(base, "/healthz")
                return base
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the app server did not start")

    def get(self, base, path):
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.headers["X-Cache"], response.read().decode()

    def stop(self):
        for server in self.servers:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(params=["redis", "files"])
def shared_cache(request, tmp_path):
    """The environment of the cache all app servers share: Redis, or the default
    cache in files for the processes of one machine."""
    if request.param == "redis":
        return {"CACHE_URL": request.getfixturevalue("redis_url")}
    return {"CACHE_URL": "", "CACHE_DIR": str(tmp_path / "cache")}


@pytest.fixture
def site(shared_cache, tmp_path):
    environment = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "PAGE_CACHE_SECONDS": "600",
        **shared_cache,
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    site = Site(environment)
    site.manage("migrate", "--no-input")
    yield site
    site.stop()


def test_a_change_reaches_every_app_server_on_its_next_request(site):
    site.edit(
        "section = Section.objects.create(name='Politik', slug='politik')\n"
        "Article.objects.create(headline='Treffen in Riad', slug='treffen', "
        "teaser='Vorspann', body='Text', section=section, status='published')"
    )
    servers = [site.start_server(), site.start_server()]
    url = site.edit("print(Article.objects.get().get_absolute_url())").strip()
    for server in servers:
        for path in ("/", url):
            site.get(server, path)
            assert site.get(server, path)[0] == "hit"

    site.edit(
        "article = Article.objects.get()\n"
        "article.headline = 'Gipfel in Riad'\n"
        "article.save()"
    )
    for server in servers:
        for path in ("/", url):
            cache_state, page = site.get(server, path)
            assert cache_state == "miss"
            assert "Gipfel in Riad" in page
            assert "Treffen in Riad" not in page

    site.edit("Article.objects.get().unpublish()")
    for server in servers:
        assert "Gipfel in Riad" not in site.get(server, "/")[1]
        with pytest.raises(urllib.error.HTTPError) as gone:
            site.get(server, url)
        assert gone.value.code == 404


def test_refresh_pages_renders_every_page_afresh(client, committed, article):
    url = article.get_absolute_url()
    warm(client, url)
    out = StringIO()
    with committed():
        call_command("refresh_pages", stdout=out)
    assert "Seiten-Cache geleert." in out.getvalue()
    assert client.get(url)["X-Cache"] == "miss"

"""The WSGI application answers page-cache hits before Django handles the request.

Pages are stored by PageCacheMiddleware (through the test client, as in
test_page_cache.py); the requests below then go through the WSGI application in
front of Django's own handler, as gunicorn sends them.
"""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory, override_settings

import newsroom.wsgi
from newsroom.page_cache import PageCacheApplication

from .builders import make_article

pytestmark = pytest.mark.usefixtures("local_page_cache")


class CountingDjango:
    """Django's own WSGI handler, recording the paths it is asked for."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.paths = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        return self.handler(environ, start_response)


@pytest.fixture
def django_application():
    return CountingDjango()


@pytest.fixture
def application(django_application):
    return PageCacheApplication(django_application)


def call(application, method, path, **headers):
    """The status line, headers and body `application` answers."""
    environ = RequestFactory().generic(method, path, **headers).environ
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = dict(response_headers)

    # As Django's test client does: the request signals must not close the
    # connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):  # as a WSGI server does
            result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


@pytest.fixture
def article(section):
    return make_article(headline="Treffen in Riad", section=section)


@pytest.fixture
def cached_page(client, article):
    """The article page's URL and the response that stored it."""
    url = article.get_absolute_url()
    miss = client.get(url)
    assert miss["X-Cache"] == "miss"
    return url, miss


def test_a_hit_is_answered_without_django(
    application, django_application, cached_page, django_assert_num_queries
):
    url, miss = cached_page
    with django_assert_num_queries(0):
        status, headers, body = call(application, "GET", url)
    assert status == "200 OK"
    assert body == miss.content
    assert "Treffen in Riad" in body.decode()
    assert headers == {**miss.headers, "X-Cache": "hit"}
    assert django_application.paths == []


def test_the_wsgi_module_serves_through_the_page_cache():
    assert isinstance(newsroom.wsgi.application, PageCacheApplication)


def test_a_miss_goes_to_django_which_stores_the_page(
    application, django_application, article
):
    url = article.get_absolute_url()
    status, headers, body = call(application, "GET", url)
    assert status == "200 OK"
    assert headers["X-Cache"] == "miss"
    assert "Treffen in Riad" in body.decode()
    assert call(application, "GET", url)[1]["X-Cache"] == "hit"
    assert django_application.paths == [url]


def test_head_gets_the_headers_without_the_body(application, cached_page):
    url, miss = cached_page
    status, headers, body = call(application, "HEAD", url)
    assert status == "200 OK"
    assert body == b""
    assert headers["Content-Length"] == str(len(miss.content))
    assert headers["X-Cache"] == "hit"


def test_a_conditional_hit_answers_304(application, django_application, cached_page):
    url, miss = cached_page
    status, headers, body = call(
        application, "GET", url, HTTP_IF_NONE_MATCH=miss["ETag"]
    )
    assert status == "304 Not Modified"
    assert body == b""
    assert headers["ETag"] == miss["ETag"]
    assert django_application.paths == []


def test_a_changed_copy_gets_the_page(application, cached_page):
    url, miss = cached_page
    status, _, body = call(application, "GET", url, HTTP_IF_NONE_MATCH='"other"')
    assert status == "200 OK"
    assert body == miss.content


def test_an_entry_ending_soon_promises_a_cdn_no_more(
    application, cached_page, settings
):
    url, _ = cached_page
    settings.CDN_CACHE_SECONDS = 3600
    _, headers, _ = call(application, "GET", url)
    shared_seconds = int(headers["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 0 < shared_seconds <= settings.PAGE_CACHE_SECONDS


@pytest.mark.parametrize(
    "cookie", ["sessionid=abc", "csrftoken=abc", "messages=abc"], ids=str
)
def test_a_reader_with_a_private_cookie_goes_to_django(
    application, django_application, cached_page, cookie
):
    url, _ = cached_page
    status, headers, _ = call(application, "GET", url, HTTP_COOKIE=cookie)
    assert status == "200 OK"
    assert "X-Cache" not in headers
    assert "private" in headers["Cache-Control"]
    assert django_application.paths == [url]


def test_a_post_goes_to_django(application, django_application, cached_page):
    url, _ = cached_page
    status, _, _ = call(application, "POST", url)
    assert status.startswith("403")  # no CSRF token
    assert django_application.paths == [url]


def test_a_host_not_allowed_gets_djangos_400(
    application, django_application, cached_page
):
    url, _ = cached_page
    status, _, _ = call(application, "GET", url, HTTP_HOST="evil.example")
    assert status.startswith("400")
    assert django_application.paths == [url]


def test_unknown_parameters_share_the_entry(
    application, django_application, cached_page
):
    url, miss = cached_page
    status, _, body = call(application, "GET", url + "?utm_source=feed")
    assert status == "200 OK"
    assert body == miss.content
    assert django_application.paths == []


def test_static_files_go_to_whitenoise(application, django_application, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    status, headers, _ = call(application, "GET", "/static/newsroom/site.css")
    assert status == "200 OK"
    assert "X-Cache" not in headers
    assert django_application.paths == ["/static/newsroom/site.css"]


def test_an_unreachable_cache_leaves_the_page_to_django(
    application, django_application, cached_page
):
    url, _ = cached_page
    unreachable = {
        "BACKEND": "newsroom.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
    with override_settings(CACHES={"default": unreachable}):
        status, headers, body = call(application, "GET", url)
    assert status == "200 OK"
    assert "Treffen in Riad" in body.decode()
    assert "ETag" in headers
    assert django_application.paths == [url]


def test_without_a_page_cache_every_request_goes_to_django(
    application, django_application, cached_page, settings
):
    url, _ = cached_page
    settings.PAGE_CACHE_SECONDS = 0
    status, headers, _ = call(application, "GET", url)
    assert status == "200 OK"
    assert "X-Cache" not in headers
    assert django_application.paths == [url]

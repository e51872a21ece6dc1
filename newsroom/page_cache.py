"""A full-page cache for anonymous readers that is never stale, and cheap to hit.

Every key contains the *content generation*, a random token kept in the cache (Redis
in production, shared by all app servers). Any committed change to a model that a
public page shows replaces the token, so every page cached before the change is
simply never read again (it expires on its own) and the next request renders afresh.

Why this is never stale:
- The token is replaced in `transaction.on_commit`, i.e. only after the change is
  visible to every database connection. A request that reads the new token therefore
  renders from the new data. A request that read the old token may store its page,
  but under the old token, which nobody reads any more.
- The signals of the registered models (save, delete, many-to-many changes) and the
  bulk writes of `ContentQuerySet` (`update()`, `bulk_create()`, `bulk_update()`),
  which send no signals, replace the token; `register()` refuses a model whose
  default manager could write past it. No caller has to remember to invalidate.
- Time changes pages too: a scheduled piece appears at its publish time without any
  write. No entry lives past the next scheduled publish time after its page was
  rendered (`entry_timeout()`).

What a hit costs: the entry holds the complete response, with every header the
middleware added when it was rendered (security headers, CSP, ETag, Last-Modified,
Vary…). `PageCacheApplication`, the WSGI application, answers a hit before Django
handles the request, and conditional requests (304) from the entry itself; the
middleware, first in MIDDLEWARE, does the same for requests that reach Django
otherwise (the test client, a miss that another request has just rendered), and
renders and stores missing pages. Static files are left to WhiteNoise untouched.
A hit is one cache round trip: the token and the page
are read together (`get_many`), the page under the token this process read last;
it is served only if that is still the current token, as read in the same round
trip. After a change, the first request of each process reads again under the new
token. On a miss the page is rendered in full even for a conditional request, so
that it is stored for everyone, and the reader then gets the 304 from it.

One render per page: when a change has emptied the cache and many readers ask for
the same page at once, the first renders it and the others wait for its entry
(`claim_rendering`, `wait_for_rendering`) instead of rendering it too. They are
served what was rendered after their request arrived, never anything older; the
work after each change is one rendering per page, so the app servers catch up
within a moment even under a crowd of readers.

Who is served from the cache: anonymous GET and HEAD requests without a session,
CSRF or messages cookie (staff always carry a session cookie, so deciding costs no
query). Only 200 and 404 responses that set no cookie and do not forbid caching are
stored; redirects are not. A 404 is kept for NOT_FOUND_SECONDS only, so that made-up
URLs cannot fill the cache, yet a piece taken offline while crowds read it does not
cost a rendering per reader.

The key: scheme, host, language, path and the query parameters that change a page
(`PAGE_PARAMETERS`), sorted. The host is validated by Django against ALLOWED_HOSTS
before we read it, so it only ever takes the operator's own names; it is part of the
key because pages print it in their canonical link. The scheme keeps a page fetched
over plain HTTP (redirected to HTTPS, never stored) apart from the HTTPS page and its
HSTS header. The language is the one LocaleMiddleware will choose (German or
English). Other parameters (utm_source, …) and headers are not in the key, and they
are removed from the request before the view renders it, so a page is always
rendered from exactly what its key says.
"""

import hashlib
import logging
import secrets
import time
from datetime import timedelta
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, ImproperlyConfigured
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe, split_header_value
from django.utils.translation import get_language_from_request
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# Query parameters that select what a page shows; all others are dropped.
PAGE_PARAMETERS = ("q", "seite", "artikel", "erwaehnt")
# What a cache server that cannot be reached raises; readers are then served from
# the database. (Django's cache API has no common error class.)
CACHE_DOWN = (ConnectionError, TimeoutError, RedisError)
# Paths never cached: the admin, previews.
EXCLUDED_PREFIXES = ("/admin/", "/vorschau/")
# The request headers that may turn a hit into a 304 (or a 412).
CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# Seconds a 404 is kept (a change replaces it sooner, as any page).
NOT_FOUND_SECONDS = 10
# How long a reader waits for a page that another request is rendering; after that
# (the renderer died) the reader renders it itself.
RENDER_WAIT_SECONDS = 5


# Invalidation


def content_changed(**kwargs):
    """Replace the content generation once the current transaction commits."""
    # robust: a cache server that is down must not turn a stored save into a 500;
    # entries then still expire after PAGE_CACHE_SECONDS at the latest.
    transaction.on_commit(_new_generation, robust=True)


def _new_generation():
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh token, never an old one, so a lost key cannot revive old entries.
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


class ContentQuerySet(models.QuerySet):
    """The queryset of every model public pages show: bulk writes, which send no
    signals, change the content generation too."""

    def update(self, **kwargs):
        content_changed()
        return super().update(**kwargs)

    def bulk_create(self, *args, **kwargs):
        content_changed()
        return super().bulk_create(*args, **kwargs)

    def bulk_update(self, *args, **kwargs):
        content_changed()
        return super().bulk_update(*args, **kwargs)


def register(*models_shown_to_readers):
    """Cached pages change with every change to these models (call in `ready()`)."""
    for model in models_shown_to_readers:
        queryset_class = model._default_manager._queryset_class
        if not issubclass(queryset_class, ContentQuerySet):
            raise ImproperlyConfigured(
                f"{model.__name__}'s default manager must use "
                "newsroom.page_cache.ContentQuerySet, or its bulk writes would "
                "leave cached pages stale."
            )
        uid = f"page-cache:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}:{field.name}",
            )


# Expiry


def entry_timeout(generation, rendered_at):
    """Seconds a page rendered at `rendered_at` may be kept: the page timeout, or
    less if a scheduled piece goes live earlier. 0 means: do not store."""
    next_publication = next_publication_after(generation, rendered_at)
    timeout = settings.PAGE_CACHE_SECONDS
    if next_publication is not None:
        seconds_left = (next_publication - timezone.now()).total_seconds()
        timeout = min(timeout, int(seconds_left))
    return max(timeout, 0)


def next_publication_after(generation, moment):
    """The first scheduled publish time after `moment`, or None.

    One query per generation: the answer holds until the generation changes (any
    write) or that time has passed. It is stored with the time it was computed,
    since it says nothing about pieces scheduled before that.
    """
    key = f"page-cache:next-publication:{generation}"
    computed_at, next_publication = cache.get(key, (None, None))
    if (
        computed_at is not None
        and computed_at <= moment
        and (next_publication is None or next_publication > moment)
    ):
        return next_publication
    from articles.models import Article

    next_publication = (
        Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=moment)
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    cache.set(key, (moment, next_publication), settings.PAGE_CACHE_SECONDS)
    return next_publication


# One render per page


def claim_rendering(key):
    """Whether this request renders the missing page `key` (no other one does)."""
    return cache.add(f"{key}:rendering", True, timeout=RENDER_WAIT_SECONDS)


def release_rendering(key):
    cache.delete(f"{key}:rendering")


def wait_for_rendering(key):
    """The entry of the page `key` once the request rendering it has stored it; None
    when that request ended without storing it (a 404, an error) or took too long."""
    marker = f"{key}:rendering"
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.005)
        found = cache.get_many([key, marker])
        if key in found:
            return found[key]
        if marker not in found:
            return None
    return None


# The middleware


def leaves_alone(request):
    """Whether the page cache is off, or the request is for a static file
    (WhiteNoise's, with their own caching headers)."""
    return settings.PAGE_CACHE_SECONDS <= 0 or request.path.startswith(
        settings.STATIC_URL
    )


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    private_cookies = (
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        "messages",
    )
    return not any(name in request.COOKIES for name in private_cookies)


def is_cacheable_response(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in (200, 404)
        and not response.streaming
        and not response.cookies
        and not any(
            word in cache_control for word in ("private", "no-cache", "no-store")
        )
        # The key covers the language; the cookies that matter bypass the cache.
        and {header.lower() for header in split_header_value(response.get("Vary", ""))}
        <= {"accept-language", "cookie"}
    )


def page_key(request, generation):
    query = sorted(
        (name, request.GET[name]) for name in PAGE_PARAMETERS if name in request.GET
    )
    page = "\n".join(
        [
            request.scheme,
            request.get_host(),
            get_language_from_request(request),
            request.path,
            *(f"{name}={value}" for name, value in query),
        ]
    )
    digest = hashlib.sha256(page.encode()).hexdigest()
    # "3": entries carry the headers of every middleware, since hits skip them.
    return f"page-cache:page:3:{generation}:{digest}", query


def keep_only_page_parameters(request, query):
    request.GET = QueryDict(mutable=True)
    for name, value in query:
        request.GET[name] = value
    request.GET._mutable = False
    request.META["QUERY_STRING"] = request.GET.urlencode()


def add_shared_cache_headers(response, timeout):
    """Let a CDN keep the page briefly, and revalidate with us after that."""
    shared_seconds = min(timeout, settings.CDN_CACHE_SECONDS)
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=shared_seconds,
        stale_while_revalidate=settings.CDN_CACHE_SECONDS,
    )


def answer_conditionally(request, response):
    """304 (or 412) when the reader's copy is current, as ConditionalGetMiddleware
    would answer, which a hit does not pass through."""
    if not is_conditional(request):
        return response
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=last_modified and parse_http_date_safe(last_modified),
        response=response,
    )


class PageLookup:
    """Finds a page's entry in one round trip while the generation stays the same.

    The entry is read under the generation this process read last, together with
    the current one, and it is used only if the two are the same. One per process,
    shared by the WSGI application and the middleware.
    """

    def __init__(self):
        self.last_generation = None

    def __call__(self, request):
        """The current generation, the page's key and query, and its entry if kept."""
        guessed = self.last_generation
        key, query = page_key(request, guessed)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        if generation == guessed:
            return generation, key, query, found.get(key)
        self.last_generation = generation
        key, query = page_key(request, generation)
        return generation, key, query, cache.get(key)


look_up = PageLookup()


def response_from_entry(request, entry):
    content, headers, expires, status = entry
    response = HttpResponse(content, headers=headers, status=status)
    if outlives_shared_cache_headers(expires):
        add_shared_cache_headers(response, seconds_left(expires))
    response = answer_conditionally(request, response)
    response["X-Cache"] = "hit"
    return response


def seconds_left(expires):
    return max(int((expires - timezone.now()).total_seconds()), 0)


def outlives_shared_cache_headers(expires):
    """Whether the entry ends before the CDN time its stored headers allow."""
    return seconds_left(expires) < settings.CDN_CACHE_SECONDS


def is_conditional(request):
    return any(header in request.META for header in CONDITIONAL_HEADERS)


class PageCacheApplication:
    """The WSGI application: answers cache hits before Django handles the request.

    A hit needs none of Django's request handling (its signals, the middleware
    chain, URL resolving), which cost more than the hit itself. Everything else,
    misses included, goes to Django, where PageCacheMiddleware renders and stores
    the page. A host outside ALLOWED_HOSTS is never in a key that was stored, and
    Django answers it with its 400.
    """

    def __init__(self, django_application):
        self.django_application = django_application

    def __call__(self, environ, start_response):
        request = WSGIRequest(environ)
        entry = self.entry_for(request)
        if entry is None:
            return self.django_application(environ, start_response)
        content, headers, expires, status = entry
        if is_conditional(request) or outlives_shared_cache_headers(expires):
            response = response_from_entry(request, entry)
            content, headers = response.content, list(response.items())
            status = response.status_code
        else:
            # The common hit: the stored headers as they are, without building a
            # response from them.
            headers = [*headers, ("X-Cache", "hit")]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [b""] if request.method == "HEAD" else [content]

    def entry_for(self, request):
        """The cache entry of the page `request` asks for, or None."""
        if leaves_alone(request) or not is_cacheable_request(request):
            return None
        try:
            return look_up(request)[3]
        except (DisallowedHost, *CACHE_DOWN):
            return None


class PageCacheMiddleware:
    """Serve anonymous readers' pages from the cache (see the module docstring).

    Place it first: a hit is answered before any other middleware runs, and a page
    is stored with the headers all of them added (security headers, CSP, ETag…).
    It must also come before SessionMiddleware, to see the cookies that the session,
    CSRF and messages middleware set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if leaves_alone(request):
            return self.get_response(request)
        if not is_cacheable_request(request):
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                # A staff member's or a preview's page: never in a shared cache.
                patch_cache_control(response, private=True)
            return response
        try:
            generation, key, query, entry = look_up(request)
            rendering = entry is None and claim_rendering(key)
            if entry is None and not rendering:
                entry = wait_for_rendering(key)
        except CACHE_DOWN as error:
            logger.warning("Page cache unreachable, serving uncached: %s", error)
            return self.get_response(request)
        if entry is not None:
            return response_from_entry(request, entry)

        keep_only_page_parameters(request, query)
        rendered_at = timezone.now()
        try:
            response = self.render_in_full(request)
            stored = (
                request.method == "GET"
                and is_cacheable_response(response)
                and self.store(key, response, generation, rendered_at)
            )
        finally:
            if rendering:
                self.release(key)
        response = answer_conditionally(request, response)
        if stored:
            response["X-Cache"] = "miss"
        return response

    def render_in_full(self, request):
        """The page itself, never a 304 for this reader's copy: it is kept for all."""
        conditions = {
            header: request.META.pop(header)
            for header in CONDITIONAL_HEADERS
            if header in request.META
        }
        try:
            return self.get_response(request)
        finally:
            request.META.update(conditions)

    def release(self, key):
        try:
            release_rendering(key)
        except CACHE_DOWN as error:
            logger.warning("Page cache unreachable: %s", error)

    def store(self, key, response, generation, rendered_at):
        """Keep the page for later readers; whether it was kept."""
        try:
            timeout = entry_timeout(generation, rendered_at)
            if response.status_code == 404:
                timeout = min(timeout, NOT_FOUND_SECONDS)
            add_shared_cache_headers(response, timeout)
            if timeout > 0:
                if not response.has_header("ETag"):
                    set_response_etag(response)
                expires = timezone.now() + timedelta(seconds=timeout)
                headers = list(response.headers.items())
                entry = (response.content, headers, expires, response.status_code)
                cache.set(key, entry, timeout)
        except (DatabaseError, *CACHE_DOWN) as error:
            # The page is fine; it just isn't kept this time.
            logger.warning("Page not cached: %s", error)
            return False
        return timeout > 0


# Fragments


# Like the page cache's default: a write that bypasses the ORM (raw SQL, a restored
# backup) shows within ten minutes.
FRAGMENT_SECONDS = 10 * 60


def cached_until_changed(name, compute):
    """`compute()`, kept in the cache until the next change to what readers see.

    For what every page shows, cached or not (the section navigation, the footer
    links): the key contains the content generation, so a change shows on the next
    request, and an old generation's entries are never read again.
    """
    try:
        key = f"fragment:{name}:{current_generation()}"
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, FRAGMENT_SECONDS)
        return value
    except CACHE_DOWN as error:
        logger.warning("Cache unreachable, fragment computed: %s", error)
        return compute()

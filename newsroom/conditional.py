"""Conditional GET for pages: ETag, Last-Modified and 304 Not Modified.

A page shows data from many rows (the piece and its inlines, people, tags, related
pieces, the section navigation), some without a timestamp, and a scheduled piece
appears in "Mehr zum Thema" without any write at all. Validators computed from the
data would have to know all of that and would go stale the day someone forgets one.
So both validators come from the rendered page instead: the ETag is a hash of the
HTML, and Last-Modified is the time this URL's HTML last changed, as recorded next
to the ETag in the cache. Any change a reader could see changes the HTML, so no
304 is ever stale. The page is still rendered (its queries are pinned low anyway);
a 304 saves the transfer.

The record must live in a cache all app servers share (Redis in production): with
separate caches a page that changes and then changes back could keep an older
Last-Modified on a server that never saw the version in between.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from newsroom.page_cache import CACHE_DOWN

CACHE_PREFIX = "page-version:v1:"
# Forgetting a record only costs a full response, never a stale 304.
RECORD_SECONDS = 7 * 24 * 60 * 60


def conditional_page(view):
    """Give a page view's 200 responses validators and answer matching requests 304."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response.headers["ETag"] = etag
        try:
            last_modified = changed_at(request.get_full_path(), etag)
        except CACHE_DOWN:
            # Without the shared record there is no Last-Modified; the ETag still
            # answers conditional requests.
            last_modified = None
        else:
            response.headers["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )

    return wrapper


def changed_at(url, etag):
    """When the page at `url` last changed, as a Unix time in whole seconds.

    A new ETag gets a time later than the one it replaces, even within one second,
    so that an If-Modified-Since from the old version never matches the new one.
    """
    key = CACHE_PREFIX + hashlib.sha256(url.encode()).hexdigest()
    recorded = cache.get(key)
    if recorded and recorded[0] == etag:
        return recorded[1]
    now = int(timezone.now().timestamp())
    since = max(now, recorded[1] + 1) if recorded else now
    cache.set(key, (etag, since), RECORD_SECONDS)
    return since

"""When the database is unreachable, readers get a friendly 503, not a 500.

A database that is down or restarting makes Django raise OperationalError (or
InterfaceError on a connection that broke while kept). The view's exception reaches
this middleware, which closes the broken connections and answers 503 with
Retry-After, rendered from a template that needs no database. Nothing else is needed
to recover: the next request opens a new connection, and once the database is back it
succeeds. Pages still in the page cache are served meanwhile, since a cache hit never
reaches the database.
"""

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

RETRY_AFTER_SECONDS = 30


class DatabaseDownMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        for connection in connections.all(initialized_only=True):
            connection.close()
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response

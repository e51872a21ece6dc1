"""`/healthz` for the load balancer: can this server reach its database and cache?"""

import secrets

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def database_works():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        connection.close()
        return False


def cache_works():
    token = secrets.token_hex(8)
    try:
        cache.set("healthz", token, timeout=10)
        return cache.get("healthz") == token
    except Exception:  # Each cache backend raises its own errors (Redis: redis.*).
        return False


@never_cache
def healthz(request):
    checks = {"database": database_works(), "cache": cache_works()}
    failed = [name for name, works in checks.items() if not works]
    return JsonResponse(
        {name: "ok" if works else "failed" for name, works in checks.items()},
        status=503 if failed else 200,
    )

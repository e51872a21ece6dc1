"""The benchmark's reference: saved page bytes served by a bare WhiteNoise WSGI app.

Whatever gunicorn and the machine can do with no Django, no database and no
template is the ceiling the site's pages are measured against. The folder to serve
comes from BENCH_REFERENCE_ROOT; bench/run.py saves the article page there.
"""

import os

from whitenoise import WhiteNoise


def not_found(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


application = WhiteNoise(not_found, root=os.environ["BENCH_REFERENCE_ROOT"])

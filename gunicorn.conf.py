"""gunicorn settings for Newsroom: `gunicorn newsroom.wsgi` reads this file.

Sync workers: each serves one request at a time with its own persistent database
connection (CONN_MAX_AGE); the page cache and WhiteNoise keep requests short.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Let a worker be recycled now and then, spread out so they do not restart together.
# Not more often: a restart costs almost a second of CPU (importing Django), and a
# worker serves a couple of thousand cached pages a second.
max_requests = 200_000
max_requests_jitter = 20_000

# Logs go to stdout; one access line per request, ending in its duration.
accesslog = "-"
errorlog = "/dev/stdout"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s "%(a)s" %({x-cache}o)s %(M)sms'

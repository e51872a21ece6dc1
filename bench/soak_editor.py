"""The editor of the soak (bench/soak.py): one piece published, edited, unpublished.

Runs inside `manage.py shell` with the site's settings and database, so every step
takes the path an editor's save takes (`Article.publish`, `save_with_revision`,
`Article.unpublish`): the version check, the revision, the audit of the step and the
page cache's invalidation on commit. After each step it prints one JSON line: when
the save began, when it was committed, when the commit's callbacks (the page cache's
invalidation) were done, and what readers must see from then on.
The headline starts with a marker word and the version number, which the checker
looks for on readers' pages.
"""

import json
import time

from django.db import transaction
from django.utils import timezone

from articles.models import Article

STEPS = ["publish", "edit", "unpublish"]


def headline(article, marker, number):
    original = article.headline
    if original.startswith(marker):
        original = original.split(": ", 1)[-1]
    return f"{marker} {number:04d}: {original}"[:200]


def body(article, marker, number):
    original = article.body
    if original.startswith(marker):
        original = original.split("\n\n", 1)[-1]
    return f"{marker}, Fassung {number}.\n\n{original}"


def prepare(pk, marker):
    """Take the piece offline under its first soak headline, before readers come.

    Its publish time is now, as each publication of the soak sets it: the piece's
    URL, which has the day in it, stays the same all along.
    """
    article = Article.objects.get(pk=pk)
    article.headline = headline(article, marker, 0)
    article.publish_at = timezone.now()
    article.unpublish(source="soak")


def edit(pk, marker, duration, interval):
    """One step every `interval` seconds for `duration` seconds, in turn.

    First a line with the piece's URL: readers start then, and the first step
    follows one interval later.
    """
    article = Article.objects.get(pk=pk)
    print(json.dumps({"url": article.get_absolute_url()}), flush=True)
    version = 0
    start = time.time() + interval
    number = 0
    while number * interval < duration:
        time.sleep(max(0, start + number * interval - time.time()))
        step = STEPS[number % len(STEPS)]
        began = time.time()
        commit = []
        with transaction.atomic():
            # The first of the commit's callbacks, before the page cache's own:
            # the moment the change is in the database for every reader.
            transaction.on_commit(lambda commit=commit: commit.append(time.time()))
            if step == "publish":
                article.publish(at=timezone.now(), source="soak")
            elif step == "edit":
                version += 1
                article.headline = headline(article, marker, version)
                article.body = body(article, marker, version)
                article.save_with_revision(source="soak")
            else:
                article.unpublish(source="soak")
        event = {
            "step": step,
            "began": began,
            "commit": commit[0],
            # After every callback, the page cache's invalidation too.
            "committed": time.time(),
            "live": article.is_live,
            "marker": article.headline.split(":", 1)[0],
            "url": article.get_absolute_url(),
        }
        print(json.dumps(event), flush=True)
        number += 1

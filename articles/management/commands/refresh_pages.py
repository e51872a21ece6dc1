"""Render every reader's page afresh on its next request.

Content changes do this by themselves; run it after a release that changes templates,
so readers do not get the old release's pages for up to PAGE_CACHE_SECONDS.
"""

from django.core.management.base import BaseCommand

from newsroom.page_cache import content_changed


class Command(BaseCommand):
    help = "Leert den Seiten-Cache: jede Seite wird beim nächsten Abruf neu erzeugt."

    def handle(self, *args, **options):
        content_changed()
        if options["verbosity"] > 0:
            self.stdout.write("Seiten-Cache geleert.")

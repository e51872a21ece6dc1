"""The RSS feed of /korrekturen/: every correction of a published piece."""

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from .feeds import ConditionalFeed
from .models import Correction

FEED_LENGTH = 30


class CorrectionsFeed(ConditionalFeed):
    title = _("Korrekturen und Aktualisierungen")
    description = _("Korrekturen, Aktualisierungen und Klarstellungen unserer Artikel.")

    def link(self):
        return reverse("articles:corrections")

    def items(self):
        return Correction.objects.of_published_pieces().for_listing()[:FEED_LENGTH]

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.article.headline}"

    def item_description(self, correction):
        # Feed readers read the description as HTML; the text is plain.
        return escape(correction.text)

    def item_pubdate(self, correction):
        return correction.created_at

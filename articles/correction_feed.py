"""The RSS feed of /korrekturen/: every correction of a published piece."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Correction

FEED_LENGTH = 30


class CorrectionsFeed(Feed):
    title = _("Korrekturen und Aktualisierungen")
    description = _("Korrekturen, Aktualisierungen und Klarstellungen unserer Artikel.")

    def link(self):
        return reverse("articles:corrections")

    def items(self):
        return Correction.objects.of_published_pieces().for_listing()[:FEED_LENGTH]

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.article.headline}"

    def item_description(self, correction):
        return correction.text

    def item_pubdate(self, correction):
        return correction.created_at

"""Sitemaps of the pieces, sections and tags readers can see, and a Google News sitemap.

Each item carries `changed_at`, computed by the database, so the sitemap index finds
the newest change of a whole sitemap with one aggregate query instead of loading
every row.
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from .models import Article, Section, Tag

NEWS_WINDOW = timedelta(days=2)


def newest_publication(pieces):
    """A subquery: the publish time of the newest of `pieces` (None for none)."""
    return Subquery(pieces.order_by("-publish_at").values("publish_at")[:1])


class ChangedAtSitemap(Sitemap):
    """A sitemap whose `items()` are annotated with `changed_at`."""

    def lastmod(self, item):
        return item.changed_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("changed_at"))["latest"]


class ArticleSitemap(ChangedAtSitemap):
    def items(self):
        # Ordered by the primary key, so the pages of a large archive stay the same
        # as new pieces arrive at the end; only what the URL and lastmod need.
        return (
            Article.objects.published()
            .annotate(
                changed_at=Greatest("publish_at", Coalesce("updated_at", "publish_at"))
            )
            .select_related("section")
            .only("slug", "publish_at", "section__slug")
            .order_by("pk")
        )


class SectionSitemap(ChangedAtSitemap):
    def items(self):
        newest = newest_publication(
            Article.objects.published().filter(section=OuterRef("pk"))
        )
        return (
            Section.objects.annotate(changed_at=newest)
            .filter(changed_at__isnull=False)
            .order_by("pk")
        )


class TagSitemap(ChangedAtSitemap):
    def items(self):
        newest = newest_publication(
            Article.objects.published().filter(tags=OuterRef("pk"))
        )
        return (
            Tag.objects.annotate(changed_at=newest)
            .filter(changed_at__isnull=False)
            .order_by("pk")
        )


class NewsSitemap(Sitemap):
    """Pieces of the last two days, for Google News (template `sitemaps/news.xml`)."""

    limit = 1000  # Google News reads at most 1,000 URLs per sitemap

    def items(self):
        return (
            Article.objects.published()
            .filter(publish_at__gte=timezone.now() - NEWS_WINDOW)
            .select_related("section")
            .only(
                "slug",
                "headline",
                "language",
                "publish_at",
                "first_published_at",
                "section__slug",
            )
            .order_by("-publish_at", "-pk")
        )

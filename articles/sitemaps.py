"""Sitemaps of the pieces, sections and tags readers can see, and a Google News sitemap.

Each item carries `changed_at`, computed by the database. The sitemap index needs
the newest change of each sitemap: for the pieces and the tags it comes from an
index scan that stops at the first row, not from a pass over the archive (the
people's sitemap, in `people/sitemaps.py`, works out its own).
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from .models import Article, Section, Tag, TaggedArticle

NEWS_WINDOW = timedelta(days=2)


class ChangedAtSitemap(Sitemap):
    """A sitemap whose `items()` are annotated with `changed_at`."""

    def lastmod(self, item):
        return item.changed_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("changed_at"))["latest"]


class ArticleSitemap(ChangedAtSitemap):
    # The protocol allows 50,000 URLs a file; a page of 5,000 renders in about half
    # a second on a 100,000-piece archive, and the index lists all pages.
    limit = 5000

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

    def get_latest_lastmod(self):
        # PostgreSQL reads each maximum from an index, not the archive.
        latest = Article.objects.published().aggregate(
            published=Max("publish_at"), updated=Max("updated_at")
        )
        return max(filter(None, latest.values()), default=None)


class SectionSitemap(ChangedAtSitemap):
    def items(self):
        # A few sections with many pieces each: the newest comes straight from the
        # (section, status, publish_at) index.
        pieces = Article.objects.published().filter(section=OuterRef("pk"))
        newest = Subquery(pieces.order_by("-publish_at").values("publish_at")[:1])
        return (
            Section.objects.annotate(changed_at=newest)
            .filter(changed_at__isnull=False)
            .order_by("pk")
        )


class TagSitemap(ChangedAtSitemap):
    def items(self):
        # Many tags, most with few pieces: one pass over all taggings.
        visible = Q(tagged_articles__content_object__in=Article.objects.published())
        newest = Max("tagged_articles__content_object__publish_at", filter=visible)
        return (
            Tag.objects.annotate(changed_at=newest)
            .filter(changed_at__isnull=False)
            .order_by("pk")
        )

    def get_latest_lastmod(self):
        # A tag changes with its newest piece: the newest piece that has a tag.
        tagged = TaggedArticle.objects.filter(content_object=OuterRef("pk"))
        pieces = Article.objects.published().filter(Exists(tagged))
        return (
            pieces.order_by("-publish_at").values_list("publish_at", flat=True).first()
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

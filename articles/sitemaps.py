"""Sitemaps of the pieces, sections and tags readers can see, and a Google News sitemap.

Each item carries `changed_at`, computed by the database. Every request does a
bounded amount of work however large the archive grows: the sitemap index numbers
the pages of a sitemap from its lowest and highest key, and takes the newest change
of each from an index scan that stops at the first row; a page reads one range of keys,
and each item's newest piece comes from the top of an index (the people's sitemap
is in `people/sitemaps.py`).
"""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from .models import Article, Section, Tag, TaggedArticle

NEWS_WINDOW = timedelta(days=2)


def newest(items, field):
    """The highest value of `field` among `items`: the first row of an index on it,
    where MAX() over a filtered set may read the whole set."""
    present = items.filter(**{f"{field}__isnull": False})
    return present.order_by(f"-{field}").values_list(field, flat=True).first()


class KeyRangePaginator:
    """Pages of a sitemap by ranges of primary keys, counted from the lowest: with
    5,000 a page, page 2 holds the items with the 5,001st to the 10,000th key from
    there on.

    Django's Paginator counts every item to number the pages and skips to a page
    with OFFSET, each a pass over the archive. The lowest and the highest key come
    from the ends of the primary key's index, a page is one range scan of it, and
    an item keeps its page as others come and go. A page may hold fewer items than
    `per_page` (drafts, deleted pieces); one with none is not found.
    """

    def __init__(self, items, per_page):
        self.items = items
        self.per_page = per_page

    def key_at_end(self, ordering):
        return self.items.order_by(ordering).values_list("pk", flat=True).first()

    @property
    def num_pages(self):
        lowest = self.key_at_end("pk")
        if lowest is None:
            return 0
        return (self.key_at_end("-pk") - lowest) // self.per_page + 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("Die Seitenzahl ist keine Zahl.") from error
        lowest = self.key_at_end("pk") or 0
        first = lowest + (number - 1) * self.per_page
        keys = {"pk__gte": first, "pk__lt": first + self.per_page}
        items = list(self.items.filter(**keys).order_by("pk"))
        if not items and number != 1:
            raise EmptyPage("Auf dieser Seite steht nichts.")
        return Page(items, number, self)


class KeyRangeSitemap(Sitemap):
    # The protocol allows 50,000 URLs a file; a page of 5,000 pieces renders in
    # about half a second.
    limit = 5000

    @property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit)


class ChangedAtSitemap(KeyRangeSitemap):
    """A sitemap whose `items()` are annotated with `changed_at`."""

    def lastmod(self, item):
        return item.changed_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("changed_at"))["latest"]


class ArticleSitemap(ChangedAtSitemap):
    def items(self):
        # Only what the URL and lastmod need.
        return (
            Article.objects.published()
            .annotate(
                changed_at=Greatest("publish_at", Coalesce("updated_at", "publish_at"))
            )
            .select_related("section")
            .only("slug", "publish_at", "section__slug")
        )

    def get_latest_lastmod(self):
        published = Article.objects.published()
        latest = [newest(published, "publish_at"), newest(published, "updated_at")]
        return max(filter(None, latest), default=None)


class SectionSitemap(ChangedAtSitemap):
    def items(self):
        # A few sections with many pieces each: the newest comes straight from the
        # (section, status, publish_at) index.
        pieces = Article.objects.published().filter(section=OuterRef("pk"))
        newest = Subquery(pieces.order_by("-publish_at").values("publish_at")[:1])
        return Section.objects.annotate(changed_at=newest).filter(
            changed_at__isnull=False
        )


class TagSitemap(ChangedAtSitemap):
    def items(self):
        # The newest visible piece of each tag, from the top of its taggings' index.
        taggings = TaggedArticle.objects.filter(tag=OuterRef("pk"))
        return Tag.objects.annotate(changed_at=taggings.newest_live_from()).filter(
            changed_at__isnull=False
        )

    def get_latest_lastmod(self):
        # A tag changes with its newest piece: the newest piece that has a tag.
        tagged = TaggedArticle.objects.filter(content_object=OuterRef("pk"))
        return newest(Article.objects.published().filter(Exists(tagged)), "publish_at")


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

"""RSS 2.0 and Atom feeds of the newest pieces: the whole site, a section, a tag.

Every feed class serves both formats: the URLconf passes the feed type. Feeds answer
conditional requests (`If-None-Match`, `If-Modified-Since`) with 304 Not Modified,
decided by one small query before the feed itself is built.
"""

import hashlib
from datetime import UTC, datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.text import get_text_list
from django.views.decorators.http import condition

from .models import Article, Section, Tag

FEED_LENGTH = 50
EARLIEST = datetime.min.replace(tzinfo=UTC)


class FeedVersion(NamedTuple):
    etag: str
    last_modified: datetime | None  # None while the feed is empty
    pieces: int


class ArticleFeed(Feed):
    """The newest `FEED_LENGTH` published pieces of `pieces(obj)`.

    Subclasses say which pieces (`pieces`) and describe the feed (`title`, `link`,
    `description`); `get_object` finds the section, tag or person from the URL.
    """

    def __init__(self, feed_type=Rss201rev2Feed):
        self.feed_type = feed_type

    def __call__(self, request, *args, **kwargs):
        obj = self.get_object(request, *args, **kwargs)
        version = self.version(obj)

        @condition(
            etag_func=lambda request: version.etag,
            last_modified_func=lambda request: version.last_modified,
        )
        def respond(request):
            feed = self.get_feed(obj, request)
            response = HttpResponse(content_type=feed.content_type)
            feed.write(response, "utf-8")
            return response

        return respond(request)

    def pieces(self, obj):
        return Article.objects.published()

    def items(self, obj):
        listing = self.pieces(obj).for_listing().prefetch_related("tags")
        return listing.order_by("-publish_at", "-pk")[:FEED_LENGTH]

    def version(self, obj):
        """The feed's ETag and Last-Modified, from one query.

        The query looks at every piece, whatever its status, published since the
        last piece of a full list (all pieces while the list is shorter). Every
        save moves a piece's `modified_at`, so the newest of those times moves when
        a listed piece changes and also when one leaves the list (withdrawn, moved
        to another section, untagged): it was listed, so it lies in that span. A
        scheduled piece going live brings a newer `publish_at`; renaming an author
        moves the person's `updated_at`. The ETag also changes with the listed
        pieces themselves (count and sum of the ids) and the feed's title and link.
        Not seen: renaming a tag or a section's slug, as those rows keep no time.
        """
        newest_first = self.pieces(obj).order_by("-publish_at", "-pk")
        listed = Article.objects.filter(pk__in=newest_first.values("pk")[:FEED_LENGTH])
        last_place = newest_first.values("publish_at")[FEED_LENGTH - 1 : FEED_LENGTH]
        since = Coalesce(Subquery(last_place), Value(EARLIEST))
        newest_save = Article.objects.filter(publish_at__gte=since).order_by(
            "-modified_at"
        )
        changes = listed.aggregate(
            pieces=Count("pk", distinct=True),
            id_sum=Sum("pk", distinct=True),
            published=Max("publish_at"),
            updated=Max("updated_at"),
            authors_changed=Max("bylines__person__updated_at"),
            saved=Max(Subquery(newest_save.values("modified_at")[:1])),
        )
        times = [
            changes[name]
            for name in ("published", "authors_changed", "updated", "saved")
        ]
        fingerprint = repr([self.title(obj), self.link(obj), sorted(changes.items())])
        return FeedVersion(
            etag=hashlib.sha256(fingerprint.encode()).hexdigest()[:32],
            last_modified=max(filter(None, times), default=None),
            pieces=changes["pieces"],
        )

    def title(self, obj):
        return settings.PUBLICATION_NAME

    def link(self, obj):
        return reverse("articles:home")

    def description(self, obj):
        return f"Die neuesten Artikel von {settings.PUBLICATION_NAME}"

    def subtitle(self, obj):
        # Atom calls the description a subtitle; RSS ignores this.
        return self.description(obj)

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        # Feed readers read the description as HTML; the teaser is plain text.
        return escape(article.teaser)

    def item_author_name(self, article):
        names = [byline.person.name for byline in article.bylines.all()]
        return get_text_list(names, "und") or None

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        # Atom requires an update time: until a piece is updated, its first publication.
        return article.updated_at if article.was_updated else article.first_published_at

    def item_categories(self, article):
        return [tag.name for tag in article.tags.all()]


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def pieces(self, section):
        return section.articles.published()

    def title(self, section):
        return f"{settings.PUBLICATION_NAME} – {section.name}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return f"Die neuesten Artikel im Ressort {section.name}"


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def pieces(self, tag):
        return Article.objects.published().filter(tags=tag)

    def title(self, tag):
        return f"{settings.PUBLICATION_NAME} – Thema: {tag.name}"

    def link(self, tag):
        return tag.get_absolute_url()

    def description(self, tag):
        return f"Die neuesten Artikel zum Thema {tag.name}"

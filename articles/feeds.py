"""RSS 2.0 and Atom feeds of the newest pieces: the whole site, a section, a tag.

Every feed class serves both formats: the URLconf passes the feed type. Feeds answer
conditional requests (`If-None-Match`, `If-Modified-Since`) with 304 Not Modified.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.text import get_text_list

from newsroom.conditional import conditional_page

from .models import Article, Section, Tag, TaggedArticle

FEED_LENGTH = 50


class ConditionalFeed(Feed):
    """A feed with ETag and Last-Modified taken from the feed as built, like the
    pages' (`newsroom.conditional`), so a 304 is never stale."""

    def __call__(self, request, *args, **kwargs):
        return conditional_page(super().__call__)(request, *args, **kwargs)


class ArticleFeed(ConditionalFeed):
    """The newest `FEED_LENGTH` published pieces of `pieces(obj)`.

    Subclasses say which pieces (`pieces`) and describe the feed (`title`, `link`,
    `description`); `get_object` finds the section, tag or person from the URL.
    """

    def __init__(self, feed_type=Rss201rev2Feed):
        self.feed_type = feed_type

    def pieces(self, obj):
        return Article.objects.published()

    def items(self, obj):
        # The tags' names through their join rows, in the order `article.tags.all()`
        # gives them (the order they were added), as a plain list: taggit's own
        # prefetch builds a queryset for every piece, a fifth of the feed's time.
        taggings = (
            TaggedArticle.objects.annotate(tag_name=F("tag__name"))
            .only("content_object")
            .order_by("pk")
        )
        listing = (
            self.pieces(obj)
            .for_listing()
            .prefetch_related(
                Prefetch("taggedarticle_set", queryset=taggings, to_attr="taggings")
            )
        )
        return listing.order_by("-publish_at", "-pk")[:FEED_LENGTH]

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
        names = [byline.person.name for byline in article.listed_bylines]
        return get_text_list(names, "und") or None

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        # Atom requires an update time: until a piece is updated, its first publication.
        return article.updated_at if article.was_updated else article.first_published_at

    def item_categories(self, article):
        return [tagging.tag_name for tagging in article.taggings]


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
        # No more than the feed shows, from the top of the tag's index.
        newest = tag.tagged_articles.newest_article_ids(FEED_LENGTH)
        return Article.objects.published().filter(pk__in=newest)

    def title(self, tag):
        return f"{settings.PUBLICATION_NAME} – Thema: {tag.name}"

    def link(self, tag):
        return tag.get_absolute_url()

    def description(self, tag):
        return f"Die neuesten Artikel zum Thema {tag.name}"

"""RSS and Atom feeds of a person: the pieces by them and the pieces mentioning them."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404

from articles.feeds import FEED_LENGTH, ArticleFeed
from articles.models import Article

from .models import Person


class PersonFeed(ArticleFeed):
    def get_object(self, request, slug):
        person = get_object_or_404(Person, slug=slug)
        # No more of each kind than the feed shows, from the top of the person's
        # indexes; read as two short lists, since PostgreSQL would test every piece
        # against two OR'ed subqueries.
        person.newest_piece_ids = [
            *person.bylines.newest_article_ids(FEED_LENGTH),
            *person.mentions.newest_article_ids(FEED_LENGTH),
        ]
        # Like the person page: nobody gets a feed before a piece about them is out.
        if not person.newest_piece_ids:
            raise Http404("Zu dieser Person gibt es keine Artikel.")
        return person

    def pieces(self, person):
        return Article.objects.published().filter(pk__in=person.newest_piece_ids)

    def title(self, person):
        return f"{settings.PUBLICATION_NAME} – {person.name}"

    def link(self, person):
        return person.get_absolute_url()

    def description(self, person):
        return f"Artikel von {person.name} und Artikel, die {person.name} erwähnen"

"""RSS and Atom feeds of a person: the pieces by them and the pieces mentioning them."""

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from articles.feeds import ArticleFeed
from articles.models import Article

from .models import Person


class PersonFeed(ArticleFeed):
    def get_object(self, request, slug):
        person = get_object_or_404(Person, slug=slug)
        # Like the person page: nobody gets a feed before a piece about them is out.
        if not self.pieces(person).exists():
            raise Http404("Zu dieser Person gibt es keine Artikel.")
        return person

    def pieces(self, person):
        return Article.objects.published().filter(
            Q(pk__in=Article.objects.written_by(person).values("pk"))
            | Q(pk__in=Article.objects.mentioning(person).values("pk"))
        )

    def title(self, person):
        return f"{settings.PUBLICATION_NAME} – {person.name}"

    def link(self, person):
        return person.get_absolute_url()

    def description(self, person):
        return f"Artikel von {person.name} und Artikel, die {person.name} erwähnen"

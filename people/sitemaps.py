from functools import cached_property

from django.db.models import Max

from articles.models import Article, Byline, Mention
from articles.sitemaps import ChangedAtSitemap

from .models import Person


class PersonSitemap(ChangedAtSitemap):
    """People with a published piece by or about them: those with a person page.

    A person's last change is the newer of their own `updated_at` and their newest
    visible piece. That is found for everybody at once, one pass over the bylines
    and one over the mentions, rather than once per person.
    """

    def items(self):
        return self.people

    @cached_property
    def people(self):
        published = Article.objects.published()
        newest = {}
        for links in (Byline.objects, Mention.objects):
            visible = links.filter(article__in=published).order_by().values("person")
            rows = visible.annotate(newest=Max("article__publish_at"))
            for person_id, publish_at in rows.values_list("person", "newest"):
                newest[person_id] = max(publish_at, newest.get(person_id, publish_at))
        everybody = Person.objects.only("slug", "updated_at").order_by("pk")
        people = [person for person in everybody if person.pk in newest]
        for person in people:
            person.changed_at = max(person.updated_at, newest[person.pk])
        return people

    def get_latest_lastmod(self):
        return max((person.changed_at for person in self.people), default=None)

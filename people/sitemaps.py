from django.db.models import Exists, OuterRef, Q

from articles.models import Article, Byline, Mention
from articles.sitemaps import KeyRangeSitemap

from .models import Person


class PersonSitemap(KeyRangeSitemap):
    """People with a published piece by or about them: those with a person page.

    A person's last change is the newer of their own `updated_at` and their newest
    visible piece, read from the top of their bylines' and mentions' indexes.
    """

    def items(self):
        written = Byline.objects.filter(person=OuterRef("pk")).newest_live_from()
        mentioned = Mention.objects.filter(person=OuterRef("pk")).newest_live_from()
        return (
            Person.objects.annotate(written=written, mentioned=mentioned)
            .filter(Q(written__isnull=False) | Q(mentioned__isnull=False))
            .only("slug", "updated_at")
        )

    def lastmod(self, person):
        # Here rather than with Greatest() in SQL, which would look each newest
        # piece up again.
        return max(filter(None, [person.updated_at, person.written, person.mentioned]))

    def get_latest_lastmod(self):
        # For bylines and for mentions, two scans that stop at their first row: the
        # latest change to someone with such a link, and the newest piece with one.
        # (Either kind in one query would read all links: PostgreSQL plans an OR of
        # EXISTS as a pass over both tables.)
        latest = []
        for links in (Byline.objects, Mention.objects):
            people = Person.objects.filter(
                Exists(links.visible().filter(person=OuterRef("pk")))
            )
            pieces = Article.objects.published().filter(
                Exists(links.filter(article=OuterRef("pk")))
            )
            latest += [
                people.order_by("-updated_at").values_list("updated_at").first(),
                pieces.order_by("-publish_at").values_list("publish_at").first(),
            ]
        return max((row[0] for row in latest if row), default=None)

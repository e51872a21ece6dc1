from django.db.models import Exists, OuterRef, Q

from articles.models import Article, Byline, Mention
from articles.sitemaps import KeyRangeSitemap, newest

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
        # The latest change to a listed person: people in order of their latest
        # change, up to the first with a visible piece (most people are named in
        # one). Then for bylines and for mentions, the newest piece with one.
        latest = [newest(self.items(), "updated_at")]
        for links in (Byline.objects, Mention.objects):
            tied = links.filter(article=OuterRef("pk"))
            latest.append(
                newest(Article.objects.published().filter(Exists(tied)), "publish_at")
            )
        return max(filter(None, latest), default=None)

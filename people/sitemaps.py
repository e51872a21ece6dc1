from django.db.models import OuterRef, Q
from django.db.models.functions import Coalesce, Greatest

from articles.models import Article
from articles.sitemaps import ChangedAtSitemap, newest_publication

from .models import Person


class PersonSitemap(ChangedAtSitemap):
    """People with a published piece by or about them: those with a person page."""

    def items(self):
        published = Article.objects.published()
        return (
            Person.objects.annotate(
                newest_written=newest_publication(published.written_by(OuterRef("pk"))),
                newest_mention=newest_publication(published.mentioning(OuterRef("pk"))),
            )
            .filter(Q(newest_written__isnull=False) | Q(newest_mention__isnull=False))
            .annotate(
                changed_at=Greatest(
                    "updated_at",
                    Coalesce("newest_written", "updated_at"),
                    Coalesce("newest_mention", "updated_at"),
                )
            )
            .only("slug", "updated_at")
            .order_by("pk")
        )

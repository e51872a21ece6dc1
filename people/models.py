from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.old_slugs import OldSlug, stored_slug
from newsroom.page_cache import ContentQuerySet
from newsroom.slugs import unique_slug

from .mentions import KnownPerson, MentionIndex


class User(AbstractUser):
    """A login for the newsroom's staff. A Person may point to one."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("Benutzer")
        verbose_name_plural = _("Benutzer")


wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", _("Eine Wikidata-ID besteht aus „Q“ und Ziffern, z. B. Q7747.")
)


def split_aliases(text):
    """Aliases are stored one per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class PersonQuerySet(ContentQuerySet):
    def with_published_pieces(self):
        """People with a page: authors of, or people mentioned in, a published piece."""
        from articles.models import Byline, Mention

        return self.filter(
            models.Exists(Byline.objects.visible().filter(person=models.OuterRef("pk")))
            | models.Exists(
                Mention.objects.visible().filter(person=models.OuterRef("pk"))
            )
        )

    def mention_index(self):
        """The mention detector's index over these people's names and aliases."""
        rows = self.values_list("pk", "name", "aliases")
        return MentionIndex(
            KnownPerson(
                pk, name, tuple(filter(None, map(str.strip, aliases.splitlines())))
            )
            for pk, name, aliases in rows
        )

    def describe_detection(self, detection):
        """A detection as plain data for JSON, with names and slugs of the people."""
        keys = {mention.key for mention in detection.mentions}
        for ambiguity in detection.ambiguous:
            keys.update(ambiguity.keys)
        people = self.in_bulk(keys)
        return {
            "mentions": [
                {
                    "name": people[mention.key].name,
                    "slug": people[mention.key].slug,
                    "matched": mention.matched,
                    "start": mention.start,
                    "end": mention.end,
                    "role": mention.role,
                }
                for mention in detection.mentions
            ],
            "ambiguous": [
                {
                    "matched": ambiguity.matched,
                    "start": ambiguity.start,
                    "end": ambiguity.end,
                    "candidates": [people[key].slug for key in ambiguity.keys],
                }
                for ambiguity in detection.ambiguous
            ],
            "suggestions": [
                {"name": suggestion.name, "role": suggestion.role}
                for suggestion in detection.suggestions
            ],
        }


_cached_index = {"version": None, "index": None}


def current_mention_index():
    """The index over all people, rebuilt only when a person changed."""
    version = Person.objects.aggregate(models.Count("pk"), models.Max("updated_at"))
    if _cached_index["version"] != version:
        _cached_index["index"] = Person.objects.mention_index()
        _cached_index["version"] = version
    return _cached_index["index"]


class Person(models.Model):
    """Anyone the newsroom writes about or who writes for it: one model for both."""

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der URL"), max_length=200, unique=True)
    aliases = models.TextField(
        _("Andere Schreibweisen"),
        blank=True,
        help_text=_("Eine pro Zeile: Transliterationen, Schreibweisen, Spitznamen."),
    )
    description = models.CharField(
        _("Kurzbeschreibung / aktuelle Funktion"), max_length=200, blank=True
    )
    organisation = models.CharField(_("Organisation"), max_length=200, blank=True)
    country = models.CharField(_("Land"), max_length=100, blank=True)
    bio = models.TextField(_("Biografie"), blank=True)
    portrait = models.ImageField(
        _("Porträt"),
        upload_to="people/%Y/",
        blank=True,
        width_field="portrait_width",
        height_field="portrait_height",
    )
    portrait_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    wikidata_id = models.CharField(
        _("Wikidata-ID"),
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert"), auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["name"]
        indexes = [
            models.Index(Lower("name"), name="person_name_lower_idx"),
            # The latest change, for the sitemap index and the mention detector.
            models.Index(fields=["-updated_at"], name="person_updated_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(wikidata_id="")
                | models.Q(wikidata_id__regex=r"^Q[1-9][0-9]*$"),
                name="person_wikidata_id_format",
            ),
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="person_slug_not_empty"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            others = Person.objects.exclude(pk=self.pk)
            self.slug = unique_slug(
                others,
                self.name,
                max_length=200,
                reserved=OldPersonSlug.objects.exclude(person_id=self.pk),
            )
        previous_slug = stored_slug(self, Person.objects.all())
        super().save(*args, **kwargs)
        OldPersonSlug.remember(self, previous_slug)

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self):
        return split_aliases(self.aliases)


class OldPersonSlug(OldSlug):
    owner_field = "person"

    person = models.ForeignKey(
        Person,
        verbose_name=_("Person"),
        on_delete=models.CASCADE,
        related_name="old_slugs",
    )

    class Meta(OldSlug.Meta):
        verbose_name = _("alter Kurzname einer Person")
        verbose_name_plural = _("alte Kurznamen von Personen")

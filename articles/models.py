import hashlib
import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from newsroom.old_slugs import OldSlug, stored_slug
from newsroom.page_cache import ContentQuerySet
from newsroom.richtext import render_markdown
from newsroom.slugs import german_slugify, unique_slug
from people.models import Person


class Section(models.Model):
    name = models.CharField(_("Name"), max_length=100)
    slug = models.SlugField(_("Kurzname in der URL"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        _("Reihenfolge"), default=0, help_text=_("Kleinere Zahlen stehen weiter vorn.")
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ressort")
        verbose_name_plural = _("Ressorts")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="section_name_unique_ci"),
        ]

    # The first path segments the site uses for itself; a section page at /themen/
    # would be shadowed by the tag pages, so no section may take one of them.
    RESERVED_SLUGS = frozenset(
        {
            "admin",
            "personen",
            "themen",
            "archiv",
            "suche",
            "static",
            "media",
            "korrekturen",
            "vorschau",
            "feed",
        }
    )

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Section.objects.exclude(pk=self.pk), self.name, 100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})

    def clean(self):
        from pages.models import Page

        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": ValidationError(
                        _("„%(slug)s“ ist für die Website reserviert."),
                        params={"slug": self.slug},
                    )
                }
            )
        # Sections and the newsroom's own pages share the URL /<slug>/.
        page = Page.objects.filter(slug=self.slug).first()
        if page is not None:
            raise ValidationError(
                {
                    "slug": ValidationError(
                        _("„%(slug)s“ ist schon die Adresse der Seite „%(page)s“."),
                        params={"slug": self.slug, "page": page.title},
                    )
                }
            )


class Tag(TagBase):
    """A topic. Names are case-insensitive ("USA" and "usa" are one tag)."""

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Schlagwort")
        verbose_name_plural = _("Schlagwörter")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="tag_name_unique_ci"),
        ]

    def slugify(self, tag, i=None):
        slug = german_slugify(tag, max_length=90) or "thema"
        return slug if i is None else f"{slug}-{i + 1}"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.slug:
            self.slug = unique_slug(
                Tag.objects.all(),
                self.slugify(self.name),
                max_length=90,
                reserved=OldTagSlug.objects.all(),
            )
        previous_slug = stored_slug(self, Tag.objects.all())
        super().save(*args, **kwargs)
        OldTagSlug.remember(self, previous_slug)

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class ArticleLinkQuerySet(ContentQuerySet):
    def visible(self):
        """Links to pieces readers may see (see `Article.objects.published()`)."""
        return self.filter(live_from__lte=timezone.now())

    def newest_live_from(self):
        """A subquery: the `live_from` of the newest visible piece of these links."""
        newest = self.visible().order_by("-live_from").values("live_from")[:1]
        return models.Subquery(newest)

    def newest_article_ids(self, count):
        """A subquery: the ids of the newest `count` visible pieces of these links,
        read from the top of the (person or tag, `live_from`) index."""
        article_id = f"{self.model.article_field}_id"
        newest = self.visible().order_by("-live_from", f"-{article_id}")
        return newest.values_list(article_id, flat=True)[:count]

    def bulk_create(self, links, *args, **kwargs):
        links = list(links)
        for link in links:
            link.copy_live_from()
        return super().bulk_create(links, *args, **kwargs)


class ArticleLink(models.Model):
    """A row that ties a person or a tag to a piece: a byline, a mention, a tagging.

    It carries a copy of the piece's `live_from`, so that an index on (person or
    tag, `live_from`) hands out the newest visible pieces of a person or a tag in
    order, and stops after one page. Without it the database would have to read
    and sort every piece of a person or a tag to find the newest twenty. The copy
    is taken when the link is saved or bulk-created, and `Article.save()` passes a
    new publication time or status on to all links of the piece.
    """

    article_field = "article"

    live_from = models.DateTimeField(null=True, editable=False)

    objects = ArticleLinkQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.copy_live_from()
        super().save(*args, **kwargs)

    def copy_live_from(self):
        self.live_from = getattr(self, self.article_field).live_from


class TaggedArticle(ArticleLink, TaggedItemBase):
    article_field = "content_object"

    tag = models.ForeignKey(
        Tag,
        verbose_name=_("Schlagwort"),
        on_delete=models.CASCADE,
        related_name="tagged_articles",
    )
    content_object = models.ForeignKey(
        "Article", verbose_name=_("Artikel"), on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("Schlagwort des Artikels")
        verbose_name_plural = _("Schlagwörter des Artikels")
        indexes = [
            models.Index(
                fields=["tag", "live_from", "content_object"],
                name="tagged_article_live_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_article_unique"
            ),
        ]

    def __str__(self):
        return str(self.tag)


class ArticleQuerySet(ContentQuerySet):
    LISTED_FIELDS = (
        "headline",
        "slug",
        "teaser",
        "section",
        "publish_at",
        "first_published_at",
        "updated_at",
        "hero_image",
    )

    def published(self):
        """The one definition of what readers may see."""
        return self.filter(
            status=Article.Status.PUBLISHED, publish_at__lte=timezone.now()
        )

    def scheduled(self):
        return self.filter(
            status=Article.Status.PUBLISHED, publish_at__gt=timezone.now()
        )

    def owned_by(self, user):
        return self.filter(
            models.Q(created_by=user) | models.Q(bylines__person__user=user)
        ).distinct()

    def create_from_piece(
        self,
        piece,
        *,
        section,
        mention_index,
        bylines=(),
        tags=(),
        article=None,
        user=None,
        source="",
        **fields,
    ):
        """Store a parsed plain-text piece with its bylines, tags and people mentioned.

        `bylines` are (person, role) pairs. `article`, when given, is an existing
        piece that `piece` replaces (a re-import): its bylines and tags are replaced,
        the people it mentions are kept and newly found ones added. `user` and
        `source` (e.g. the command's name) go into the revision.

        Raises ValidationError (nothing written) when a field does not fit.
        """
        with transaction.atomic():
            article = article or Article()
            values = {
                "headline": piece.headline,
                "teaser": piece.teaser,
                "body": piece.body,
                "sign_off": piece.sign_off,
                "section": section,
                **fields,
            }
            for name, value in values.items():
                setattr(article, name, value)
            article.full_clean(exclude=["slug"])
            article.save()
            article.bylines.all().delete()
            for position, (person, role) in enumerate(bylines):
                article.bylines.create(person=person, role=role, position=position)
            article.tags.set(tags)
            detection = mention_index.detect(article.mention_text())
            article.link_detected_people(detection)
            article.save_revision(user, source=source)
        return article, detection

    def for_listing(self):
        """What every list of pieces needs, in a constant number of queries.

        Lists show a teaser card or a feed item: neither the text, most of a row,
        nor the rest of the editorial fields, nor more of a person than a link.
        The bylines come as the list `listed_bylines`: a prefetch into
        `article.bylines` builds a filtered queryset for every piece.
        """
        bylines = Byline.objects.select_related("person").only(
            "article", "role", "position", "person__name", "person__slug"
        )
        return (
            self.select_related("section")
            .only(*self.LISTED_FIELDS, "section__name", "section__slug")
            .prefetch_related(
                models.Prefetch("bylines", queryset=bylines, to_attr="listed_bylines")
            )
        )

    def for_page(self):
        return self.select_related("section").prefetch_related(
            models.Prefetch(
                "bylines", queryset=Byline.objects.select_related("person")
            ),
            "tags",
            models.Prefetch(
                "mentions", queryset=Mention.objects.select_related("person")
            ),
            "corrections",
        )

    def latest_by_section(self, per_section=3, window=200):
        """The newest `per_section` pieces of each section, in one query.

        Only the newest `window` pieces are ranked, so the cost stays flat however
        large the archive grows; a section silent for that long drops off the list.
        """
        newest = self.order_by("-publish_at").values("pk")[:window]
        # The pieces by their keys alone: with this queryset's filters repeated,
        # SQLite reads all the pieces they match and keeps those with the keys.
        return (
            self.model.objects.filter(pk__in=newest)
            .annotate(
                rank_in_section=models.Window(
                    RowNumber(), partition_by="section", order_by="-publish_at"
                )
            )
            .filter(rank_in_section__lte=per_section)
            .order_by("section__position", "section__name", "-publish_at")
        )

    def published_in(self, year, month=None, day=None):
        """Pieces published in a year, month or day of Berlin time.

        A range on `publish_at` rather than `__year`/`__month` lookups, so the
        database can use the publish_at index. Raises ValueError for impossible dates.
        """
        start = date(year, 1 if month is None else month, 1 if day is None else day)
        if day is not None:
            end = start + timedelta(days=1)
        elif month is not None:
            end = (start + timedelta(days=31)).replace(day=1)
        else:
            end = start.replace(year=year + 1)
        zone = timezone.get_default_timezone()
        return self.filter(
            publish_at__gte=datetime.combine(start, time(), zone),
            publish_at__lt=datetime.combine(end, time(), zone),
        )

    # A person's and a tag's pieces, newest first, in the order of the links' index
    # on (person or tag, live_from, piece): see `ArticleLink`.

    def written_by(self, person):
        return self.filter(
            bylines__person=person, bylines__live_from__lte=timezone.now()
        ).order_by("-bylines__live_from", "-bylines__article_id")

    def mentioning(self, person):
        """Pieces mentioning `person`, each with the role it gave them."""
        return (
            self.filter(
                mentions__person=person, mentions__live_from__lte=timezone.now()
            )
            .annotate(mention_role=models.F("mentions__role"))
            .order_by("-mentions__live_from", "-mentions__article_id")
        )

    def tagged(self, tag):
        return self.filter(
            taggedarticle__tag=tag, taggedarticle__live_from__lte=timezone.now()
        ).order_by("-taggedarticle__live_from", "-taggedarticle__content_object_id")

    def related_to(self, article):
        """Other pieces sharing a tag or a person mentioned with `article`.

        Reads the tags and mentions `for_page()` prefetched, so it adds one query.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        person_ids = [mention.person_id for mention in article.mentions.all()]
        return self.exclude(pk=article.pk).filter(
            models.Q(
                pk__in=TaggedArticle.objects.filter(tag__in=tag_ids).values(
                    "content_object"
                )
            )
            | models.Q(
                pk__in=Mention.objects.filter(person__in=person_ids).values("article")
            )
        )

    def search(self, text):
        from .search import search_articles

        return search_articles(self, text)


class StaleVersionError(Exception):
    """A piece was saved on top of an older version than the one now stored."""

    def __init__(self, article):
        super().__init__(
            f"Article {article.pk} changed since version {article.version}"
        )
        self.article = article


class Article(models.Model):
    """A news piece. The row (with its inlines) is always the version readers see.

    `version` counts the stored changes of the piece, including pending changes
    (`revisions.PendingChanges`); a copy loaded at one version can only be saved
    while that version is still the stored one (`claim_next_version`).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        REVIEW = "review", _("In Prüfung")
        PUBLISHED = "published", _("Veröffentlicht")

    # A change to these is news to readers and moves "zuletzt aktualisiert".
    SUBSTANTIVE_FIELDS = (
        "headline",
        "teaser",
        "body",
        "sign_off",
        "section_id",
        "hero_image",
        "hero_caption",
    )

    headline = models.CharField(_("Überschrift"), max_length=200)
    slug = models.SlugField(
        _("Kurzname in der URL"),
        max_length=200,
        unique=True,
        help_text=_("Ändert sich nach der Veröffentlichung nicht von selbst."),
    )
    teaser = models.TextField(_("Vorspann"), max_length=600)
    body = models.TextField(_("Text"), help_text=_("Markdown: ## Zwischenüberschrift"))
    body_html = models.TextField(editable=False, default="")
    sign_off = models.CharField(_("Schlusszeile"), max_length=300, blank=True)
    section = models.ForeignKey(
        Section,
        verbose_name=_("Ressort"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    language = models.CharField(
        _("Sprache"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    tags = TaggableManager(
        verbose_name=_("Schlagwörter"), through=TaggedArticle, blank=True
    )
    byline_people = models.ManyToManyField(
        Person, through="Byline", related_name="bylined_articles", blank=True
    )
    mentioned_people = models.ManyToManyField(
        Person, through="Mention", related_name="mentioned_in_articles", blank=True
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=Status, default=Status.DRAFT
    )
    publish_at = models.DateTimeField(
        _("Veröffentlichungszeit"),
        null=True,
        blank=True,
        help_text=_("Eine Zeit in der Zukunft plant den Artikel ein. Leer: sofort."),
    )
    first_published_at = models.DateTimeField(
        _("erstmals veröffentlicht"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(
        _("zuletzt aktualisiert"), null=True, blank=True, editable=False
    )
    hero_image = models.ImageField(
        _("Aufmacherbild"),
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_caption = models.CharField(_("Bildunterschrift"), max_length=300, blank=True)
    hero_credit = models.CharField(_("Bildnachweis"), max_length=200, blank=True)
    hero_alt = models.CharField(
        _("Alternativtext"),
        max_length=300,
        blank=True,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen."),
    )
    seo_title = models.CharField(_("SEO-Titel"), max_length=70, blank=True)
    seo_description = models.CharField(
        _("SEO-Beschreibung"), max_length=160, blank=True
    )
    ninjs_uri = models.CharField(
        _("ninjs-URI"),
        max_length=500,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Kennung eines per ninjs importierten Artikels beim Absender."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="created_articles",
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified_at = models.DateTimeField(_("gespeichert"), auto_now=True)
    version = models.PositiveIntegerField(_("Version"), default=1)

    objects = ArticleQuerySet.as_manager()

    # What some lists add to their pieces (search, a person's page). Defaults, so
    # that templates elsewhere find them without a failed lookup, which is slow.
    marked_headline = marked_excerpt = mention_role = None

    class Meta:
        verbose_name = _("Artikel")
        verbose_name_plural = _("Artikel")
        ordering = ["-publish_at", "-created_at"]
        permissions = [("publish_article", _("Darf Artikel veröffentlichen"))]
        indexes = [
            models.Index(
                fields=["status", "-publish_at"], name="article_status_pub_idx"
            ),
            models.Index(
                fields=["section", "status", "-publish_at"],
                name="article_section_pub_idx",
            ),
            models.Index(fields=["-publish_at"], name="article_publish_at_idx"),
            models.Index(fields=["-created_at"], name="article_created_at_idx"),
            # For the sitemap index: the lowest and the highest key and the latest
            # update of the published pieces, each from one end of an index. With
            # `publish_at` in it, SQLite reads the whole query from the index and
            # prefers it to the (status, publish_at) index, which it would read in
            # full and sort.
            models.Index(
                fields=["status", "id", "publish_at"], name="article_status_key_idx"
            ),
            models.Index(
                fields=["status", "-updated_at", "publish_at"],
                name="article_status_updated_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "review", "published"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | models.Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
                violation_error_message=_(
                    "Ein veröffentlichter Artikel braucht eine Zeit."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(slug=""), name="article_slug_not_empty"
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        now = timezone.now()
        if not self.slug:
            others = Article.objects.exclude(pk=self.pk)
            self.slug = unique_slug(
                others,
                self.headline,
                max_length=200,
                reserved=OldArticleSlug.objects.exclude(article_id=self.pk),
            )
        self.body_html = render_markdown(self.body)
        if self.status == self.Status.PUBLISHED:
            if self.publish_at is None:
                self.publish_at = now
            # Until it is live, a scheduled piece's first publication moves with it.
            if self.first_published_at is None or self.first_published_at > now:
                self.first_published_at = self.publish_at
            loaded = getattr(self, "_loaded_substance", None)
            if self.is_live and loaded is not None and loaded != self.substance():
                self.updated_at = now
        self._loaded_substance = self.substance()
        # Only a URL readers could have seen must keep working.
        has_been_live = Article.objects.filter(first_published_at__lte=now)
        previous_slug = stored_slug(self, has_been_live)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        with transaction.atomic():
            adding = self._state.adding
            if not adding:
                self.claim_next_version()
            super().save(*args, **kwargs)
            OldArticleSlug.remember(self, previous_slug)
            if not adding:
                self.copy_live_from_to_links()

    def get_absolute_url(self):
        local = timezone.localtime(self.publish_at or self.created_at or timezone.now())
        return reverse(
            "articles:detail",
            kwargs={
                "section": self.section.slug,
                "year": local.year,
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    def clean(self):
        # Publishing without a time means now; set it before constraints are checked.
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            self.publish_at = timezone.now()

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        article = super().from_db(db, field_names, values, **kwargs)
        # Only a fully loaded row can tell later whether its substance changed.
        if all(name in field_names for name in cls.SUBSTANTIVE_FIELDS):
            article._loaded_substance = article.substance()
        return article

    def substance(self):
        return tuple(str(getattr(self, name)) for name in self.SUBSTANTIVE_FIELDS)

    @property
    def body_html_with_people(self):
        """`body_html` with the first mention of each linked person linked."""
        from .mention_links import link_first_mentions

        people = [mention.person for mention in self.mentions.all()]
        return link_first_mentions(self.body_html, people)

    @property
    def live_from(self):
        """When readers may see the piece: its `publish_at` while it is published."""
        return self.publish_at if self.status == self.Status.PUBLISHED else None

    @property
    def was_updated(self):
        """Whether readers should see an "updated" time next to the first one."""
        return bool(
            self.updated_at
            and self.first_published_at
            and self.updated_at > self.first_published_at
        )

    @property
    def is_live(self):
        """The instance twin of `Article.objects.published()`."""
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_live

    def get_status_display_with_schedule(self):
        if self.is_scheduled:
            return _("Geplant")
        return self.Status(self.status).label

    def mark_updated(self):
        """Record a change made outside the row (bylines, tags, corrections)."""
        if self.is_live:
            self.updated_at = timezone.now()
            Article.objects.filter(pk=self.pk).update(updated_at=self.updated_at)

    def copy_live_from_to_links(self):
        """Give the piece's bylines, mentions and taggings its `live_from`."""
        for link in (Byline, Mention, TaggedArticle):
            links = link.objects.filter(**{link.article_field: self})
            links.exclude(live_from=self.live_from).update(live_from=self.live_from)

    def claim_next_version(self):
        """Move the stored version on by one if it is still the one this copy has.

        A conditional UPDATE, not a read and a compare: of two saves of the same
        version at the same moment the database lets exactly one through, the other
        matches no row and is refused. Call it inside the transaction that stores the
        change, so a refusal rolls the whole change back.
        """
        claimed = Article.objects.filter(pk=self.pk, version=self.version).update(
            version=models.F("version") + 1
        )
        if not claimed:
            raise StaleVersionError(self)
        self.version += 1

    def save_revision(self, user=None, *, source, pending=False):
        """Record the stored state (or the `pending` changes) as a revision.

        Every path that changes a piece calls this once after storing it; see
        `revisions.RevisionQuerySet.record`.
        """
        return Revision.objects.record(self, user, source=source, pending=pending)

    def mention_text(self):
        """The text people are found in; detection offsets count from its start."""
        return "\n\n".join([self.headline, self.teaser, self.body])

    def link_detected_people(self, detection, include_dismissed=False):
        """Add the people `detection` found that the piece does not list yet.

        People the editors removed from this piece stay removed, unless
        `include_dismissed` asks for them again. Returns the new mentions.
        """
        if include_dismissed:
            self.dismissed_mentions.all().delete()
        skip = set(self.mentions.values_list("person_id", flat=True))
        skip.update(self.dismissed_mentions.values_list("person_id", flat=True))
        first_mentions = {}
        for found in detection.mentions:
            first_mentions.setdefault(found.key, found)
        new_mentions = [
            Mention(
                article=self,
                person_id=key,
                role=role,
                confirmed=False,
                matched_text=first_mentions[key].matched,
                position=first_mentions[key].start,
            )
            for key, role in detection.people().items()
            if key not in skip
        ]
        Mention.objects.bulk_create(new_mentions)
        return new_mentions

    def dismiss_mention(self, person):
        DismissedMention.objects.get_or_create(article=self, person=person)

    def submit_for_review(self, by=None, source=""):
        self.status = self.Status.REVIEW
        self.save_with_revision(by, source)

    def publish(self, at=None, by=None, source=""):
        self.status = self.Status.PUBLISHED
        self.publish_at = at or self.publish_at or timezone.now()
        self.save_with_revision(by, source)

    def unpublish(self, by=None, source=""):
        self.status = self.Status.DRAFT
        self.save_with_revision(by, source)

    def save_with_revision(self, user=None, source=""):
        """Store the row as it is now and record it; raises StaleVersionError."""
        with transaction.atomic():
            self.save()
            self.save_revision(user, source=source)


class Byline(ArticleLink):
    article = models.ForeignKey(
        Article,
        verbose_name=_("Artikel"),
        on_delete=models.CASCADE,
        related_name="bylines",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("Autor/in"),
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    role = models.CharField(
        _("Zusatz"), max_length=100, blank=True, help_text=_("z. B. „mit Agenturen“")
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Autorenzeile")
        verbose_name_plural = _("Autorenzeilen")
        ordering = ["position", "pk"]
        indexes = [
            models.Index(
                fields=["person", "live_from", "article"], name="byline_live_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"], name="byline_person_once_per_article"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.role})" if self.role else str(self.person)


class Mention(ArticleLink):
    article = models.ForeignKey(
        Article,
        verbose_name=_("Artikel"),
        on_delete=models.CASCADE,
        related_name="mentions",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("Person"),
        on_delete=models.PROTECT,
        related_name="mentions",
    )
    role = models.CharField(
        _("Rolle im Artikel"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „US-Außenminister“"),
    )
    confirmed = models.BooleanField(
        _("bestätigt"),
        default=True,
        help_text=_("Automatisch gefundene Erwähnungen bestätigt die Redaktion."),
    )
    matched_text = models.CharField(
        _("Fundstelle"), max_length=200, blank=True, editable=False
    )
    position = models.PositiveIntegerField(
        _("Position im Text"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("erwähnte Person")
        verbose_name_plural = _("erwähnte Personen")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["person", "live_from", "article"], name="mention_live_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"], name="mention_person_once_per_article"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.role})" if self.role else str(self.person)


class DismissedMention(models.Model):
    """A person the editors removed from a piece: detection won't propose them again."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="dismissed_mentions"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="dismissed_mentions"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verworfene Erwähnung")
        verbose_name_plural = _("verworfene Erwähnungen")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"], name="dismissed_mention_once"
            ),
        ]

    def __str__(self):
        return f"{self.person} in {self.article}"


class CorrectionQuerySet(ContentQuerySet):
    def of_published_pieces(self):
        """Corrections readers may see: those of pieces readers may see."""
        return self.filter(article__in=Article.objects.published())

    def for_listing(self):
        """Newest first, with what a link to the piece needs."""
        return self.select_related("article__section").order_by("-created_at", "-pk")


class Correction(models.Model):
    """A correction or update notice shown with the piece (Pressekodex, Ziffer 3)."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Korrektur")
        UPDATE = "update", _("Aktualisierung")
        CLARIFICATION = "clarification", _("Klarstellung")

    article = models.ForeignKey(
        Article,
        verbose_name=_("Artikel"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    kind = models.CharField(
        _("Art"), max_length=16, choices=Kind, default=Kind.CORRECTION
    )
    text = models.TextField(_("Text"))
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Korrektur oder Aktualisierung")
        verbose_name_plural = _("Korrekturen und Aktualisierungen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="correction_created_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["correction", "update", "clarification"]),
                name="correction_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            # A correction is news to readers: "zuletzt aktualisiert" moves.
            self.article.mark_updated()

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#korrektur-{self.pk}"


class PreviewLinkQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def find(self, token):
        """The valid link for `token`, or None: unknown, expired and revoked alike."""
        return self.valid().filter(token_hash=PreviewLink.hash_token(token)).first()


class PreviewLink(models.Model):
    """A link that shows a piece to a reviewer without an account, until it expires.

    Only the SHA-256 hash of the random token is stored: whoever reads the database
    cannot open a preview, and looking a token up compares hashes, so the time a
    lookup takes tells an attacker nothing about the token itself.
    """

    DEFAULT_LIFETIME = timedelta(hours=48)
    MAX_LIFETIME = timedelta(days=30)

    article = models.ForeignKey(
        Article,
        verbose_name=_("Artikel"),
        on_delete=models.CASCADE,
        related_name="preview_links",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("gültig bis"))
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("widerrufen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("Vorschau-Link")
        verbose_name_plural = _("Vorschau-Links")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.article} ({self.state})"

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def make(cls, article, *, by, expires_at=None):
        """Make a link to `article`; returns it with its token, which is shown once.

        Raises ValidationError (nothing stored) for an expiry in the past or more
        than 30 days ahead.
        """
        token = secrets.token_urlsafe(32)
        link = cls(
            article=article,
            created_by=by,
            token_hash=cls.hash_token(token),
            expires_at=expires_at or timezone.now() + cls.DEFAULT_LIFETIME,
        )
        link.full_clean()
        link.save()
        AuditEntry.objects.record(AuditEntry.Action.PREVIEW_LINK_MADE, article, by)
        return link, token

    def clean(self):
        if self.expires_at is None or not self._state.adding:
            return
        now = timezone.now()
        if self.expires_at <= now:
            raise ValidationError(
                {"expires_at": _("Der Link muss in der Zukunft ablaufen.")}
            )
        if self.expires_at > now + self.MAX_LIFETIME:
            raise ValidationError(
                {"expires_at": _("Ein Vorschau-Link gilt höchstens 30 Tage.")}
            )

    def revoke(self, *, by):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.revoked_by = by
            self.save(update_fields=["revoked_at", "revoked_by"])
            AuditEntry.objects.record(
                AuditEntry.Action.PREVIEW_LINK_REVOKED, self.article, by
            )

    @property
    def state(self):
        if self.revoked_at is not None:
            return _("widerrufen")
        if self.expires_at <= timezone.now():
            return _("abgelaufen")
        return _("gültig")

    @property
    def is_valid(self):
        return self.revoked_at is None and self.expires_at > timezone.now()


class OldArticleSlug(OldSlug):
    owner_field = "article"

    article = models.ForeignKey(
        Article,
        verbose_name=_("Artikel"),
        on_delete=models.CASCADE,
        related_name="old_slugs",
    )

    class Meta(OldSlug.Meta):
        verbose_name = _("alter Kurzname eines Artikels")
        verbose_name_plural = _("alte Kurznamen von Artikeln")


class OldTagSlug(OldSlug):
    owner_field = "tag"

    tag = models.ForeignKey(
        Tag,
        verbose_name=_("Schlagwort"),
        on_delete=models.CASCADE,
        related_name="old_slugs",
    )

    class Meta(OldSlug.Meta):
        verbose_name = _("alter Kurzname eines Schlagworts")
        verbose_name_plural = _("alte Kurznamen von Schlagwörtern")


# The editorial desk's models live in their own modules; importing them here
# registers them with the app.
from .audit import AuditEntry  # noqa: E402, F401
from .revisions import (  # noqa: E402, F401
    EditorPresence,
    PendingChanges,
    Revision,
    WorkingDraft,
)

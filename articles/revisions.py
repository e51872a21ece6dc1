"""Revisions, pending changes and working drafts of a piece.

All three hold a *snapshot*: a piece's full content as JSON (the row's fields, its
bylines in order, the people mentioned with their roles, its tags). The `Article`
row is always the version readers see; everything else is a snapshot:

- a `Revision` is a stored state, recorded by every save from every path (admin,
  bulk actions, commands) and never deleted; it keeps the article id as plain data,
  so a deleted piece can be brought back from its last revision;
- `PendingChanges` are edits to a published piece that are not live yet; an editor
  publishes (stores the snapshot on the row) or discards them;
- a `WorkingDraft` is one editor's unsaved text: autosaved while typing, or a save
  that was refused because the piece changed in the meantime.

`take_snapshot` reads a stored piece, `load_snapshot` puts a snapshot on an unsaved
instance (for the edit form), `store_snapshot` stores one under the version check.
"""

from contextlib import contextmanager
from datetime import UTC, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from newsroom.slugs import unique_slug
from people.models import Person, current_mention_index

from .audit import AuditEntry
from .models import Article, Byline, Mention, Section

# The row's own fields in a snapshot, copied as they are.
TEXT_FIELDS = [
    "headline",
    "slug",
    "teaser",
    "body",
    "sign_off",
    "language",
    "hero_caption",
    "hero_credit",
    "hero_alt",
    "seo_title",
    "seo_description",
]
# Restoring content never publishes or unpublishes a piece by itself.
STATUS_FIELDS = ["status", "publish_at"]


def row_snapshot(article):
    """The row part of a snapshot; `article` may be unsaved (an edit form's copy)."""
    section = article.section if article.section_id else None
    return {
        **{name: getattr(article, name) for name in TEXT_FIELDS},
        "section": {"id": section.pk, "name": section.name} if section else None,
        "hero_image": article.hero_image.name or "",
        "status": article.status,
        # In UTC, so that the same moment always reads the same, whatever time zone
        # the copy in memory happens to carry.
        "publish_at": (
            article.publish_at.astimezone(UTC).isoformat()
            if article.publish_at
            else None
        ),
    }


def byline_entry(byline):
    return {"person": byline.person_id, "name": byline.person.name, "role": byline.role}


def mention_entry(mention):
    return {
        "person": mention.person_id,
        "name": mention.person.name,
        "role": mention.role,
        "confirmed": mention.confirmed,
        "matched_text": mention.matched_text,
        "position": mention.position,
    }


def take_snapshot(article):
    """The stored piece's full content as JSON-ready data."""
    bylines = article.bylines.select_related("person").order_by("position", "pk")
    mentions = article.mentions.select_related("person").order_by("pk")
    return {
        **row_snapshot(article),
        "bylines": [byline_entry(byline) for byline in bylines],
        "mentions": [mention_entry(mention) for mention in mentions],
        "tags": sorted(tag.name for tag in article.tags.all()),
    }


def load_snapshot(article, snapshot, *, with_status=True):
    """Put a snapshot's row fields on `article` without storing anything.

    `with_status=False` keeps the piece's status and publish time. An image that is
    no longer on the media storage is left out rather than failing.
    """
    for name in TEXT_FIELDS:
        setattr(article, name, snapshot[name])
    section = snapshot["section"]
    article.section_id = section["id"] if section else None
    image = snapshot["hero_image"]
    if image != article.hero_image.name:
        storage = article.hero_image.storage
        article.hero_image = image if image and storage.exists(image) else ""
    if with_status:
        article.status = snapshot["status"]
        publish_at = snapshot["publish_at"]
        article.publish_at = parse_datetime(publish_at) if publish_at else None


def store_snapshot(article, snapshot, *, with_status=True):
    """Make a snapshot the stored piece: its row under the version check, its inlines.

    Raises StaleVersionError when `article` was loaded at an older version, and
    ValidationError when the snapshot no longer fits (its section was deleted);
    either way nothing is written. People who no longer exist are left out.
    """
    section = snapshot["section"]
    if section is None or not Section.objects.filter(pk=section["id"]).exists():
        raise ValidationError(_("Das Ressort dieser Fassung gibt es nicht mehr."))
    with transaction.atomic():
        before = None if article._state.adding else take_snapshot(article)
        load_snapshot(article, snapshot, with_status=with_status)
        article.save()
        replace_inlines(article, snapshot, before)
    return article


def replace_inlines(article, snapshot, before):
    existing = set(
        Person.objects.filter(
            pk__in=[entry["person"] for entry in snapshot["bylines"]]
            + [entry["person"] for entry in snapshot["mentions"]]
        ).values_list("pk", flat=True)
    )
    article.bylines.all().delete()
    article.mentions.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, person_id=person, role=entry["role"], position=number)
        for number, (person, entry) in enumerate(
            unique_people(snapshot["bylines"], existing).items()
        )
    )
    Mention.objects.bulk_create(
        Mention(
            article=article,
            person_id=person,
            role=entry["role"],
            confirmed=entry["confirmed"],
            matched_text=entry.get("matched_text", ""),
            position=entry.get("position"),
        )
        for person, entry in unique_people(snapshot["mentions"], existing).items()
    )
    article.tags.set(snapshot["tags"])
    if before is None:
        return
    # A person the editors removed is not proposed again for this piece.
    kept = {entry["person"] for entry in snapshot["mentions"]}
    for entry in before["mentions"]:
        if entry["person"] not in kept:
            article.dismiss_mention(Person(pk=entry["person"]))
    if any(before[name] != snapshot[name] for name in ("bylines", "mentions", "tags")):
        article.mark_updated()


def unique_people(entries, existing):
    """Entries by person, first one wins, people that still exist only."""
    found = {}
    for entry in entries:
        if entry["person"] in existing:
            found.setdefault(entry["person"], entry)
    return found


class RevisionQuerySet(models.QuerySet):
    def record(self, article, user=None, *, source, pending=False, audit=True):
        """Record `article` as stored now (or its pending changes) and audit the step.

        What happened (created, submitted, published, scheduled, unpublished, slug
        changed) is read from the difference to the previous stored revision;
        `audit=False` records the state only (the last one before a deletion).
        """
        if pending:
            snapshot = PendingChanges.objects.get(article=article).snapshot
        else:
            snapshot = take_snapshot(article)
        previous = (
            self.filter(article_id=article.pk, pending=False)
            .order_by("-created_at", "-pk")
            .first()
        )
        revision = self.create(
            article_id=article.pk,
            version=article.version,
            status=snapshot["status"],
            pending=pending,
            snapshot=snapshot,
            created_by=user if user and user.is_authenticated else None,
            source=source,
        )
        if audit and not pending:
            for action, details in transitions(previous, article):
                AuditEntry.objects.record(
                    action, article, user, source=source, **details
                )
        return revision

    def of_deleted_articles(self):
        """The latest revision of each piece that no longer exists."""
        latest = (
            self.exclude(article_id__in=Article.objects.values("pk"))
            .values("article_id")
            .annotate(latest=models.Max("pk"))
            .values("latest")
        )
        return self.filter(pk__in=latest).order_by("-created_at")


def transitions(previous, article):
    Status, Action = Article.Status, AuditEntry.Action
    before = previous.snapshot if previous else None
    if before is None:
        yield Action.CREATED, {}
    was = before["status"] if before else Status.DRAFT
    if article.status != was:
        if article.status == Status.REVIEW:
            yield Action.SUBMITTED, {}
        elif article.status == Status.PUBLISHED:
            yield (Action.PUBLISHED if article.is_live else Action.SCHEDULED), {}
        elif was == Status.PUBLISHED:
            yield Action.UNPUBLISHED, {}
    if before and before["slug"] != article.slug:
        yield Action.SLUG_CHANGED, {"old": before["slug"], "new": article.slug}


class Revision(models.Model):
    """A stored state of a piece (see the module docstring)."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("Artikel"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="revisions",
    )
    version = models.PositiveIntegerField(_("Version"))
    status = models.CharField(_("Status"), max_length=16, choices=Article.Status)
    pending = models.BooleanField(_("unveröffentlichte Änderungen"), default=False)
    snapshot = models.JSONField(_("Inhalt"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gespeichert von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gespeichert"), default=timezone.now)
    source = models.CharField(_("Weg"), max_length=40, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Version")
        verbose_name_plural = _("Versionen")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["article", "-created_at"], name="revision_article_idx"
            ),
        ]

    def __str__(self):
        return f"{self.snapshot['headline']} (Version {self.version})"

    @property
    def headline(self):
        return self.snapshot["headline"]


class PendingChanges(models.Model):
    """Changes to a published piece that readers do not see until published."""

    article = models.OneToOneField(
        Article,
        verbose_name=_("Artikel"),
        on_delete=models.CASCADE,
        related_name="pending_changes",
    )
    snapshot = models.JSONField(_("Inhalt"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gespeichert von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    saved_at = models.DateTimeField(_("gespeichert"), auto_now=True)

    class Meta:
        verbose_name = _("unveröffentlichte Änderungen")
        verbose_name_plural = _("unveröffentlichte Änderungen")

    def __str__(self):
        return str(self.article)


class WorkingDraft(models.Model):
    """One editor's unsaved text of a piece, and the version it was based on."""

    class Kind(models.TextChoices):
        AUTOSAVE = "autosave", _("automatisch gespeichert")
        REFUSED = "refused", _("abgelehnte Speicherung")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="working_drafts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    snapshot = models.JSONField()
    version = models.PositiveIntegerField()
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Arbeitsfassung")
        verbose_name_plural = _("Arbeitsfassungen")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user", "kind"], name="working_draft_once"
            ),
        ]

    def __str__(self):
        return f"{self.article} ({self.get_kind_display()}, {self.user})"


class EditorPresence(models.Model):
    """Who had a piece open in the admin, and when last (shown to the others)."""

    RECENT = timedelta(minutes=15)

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="editor_presences"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    seen_at = models.DateTimeField(default=timezone.now)
    autosaved = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="editor_presence_once"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.article}"

    @classmethod
    def note(cls, article, user, *, autosaved=False):
        cls.objects.update_or_create(
            article=article,
            user=user,
            defaults={"seen_at": timezone.now(), "autosaved": autosaved},
        )

    @classmethod
    def others(cls, article, user):
        return (
            cls.objects.filter(
                article=article, seen_at__gte=timezone.now() - cls.RECENT
            )
            .exclude(user=user)
            .select_related("user")
            .order_by("-seen_at")
        )


# The desk's steps. Each checks the version it was given and records a revision.


def working_copy(article):
    """What editors work on: the pending changes if there are any, else the row."""
    pending = PendingChanges.objects.filter(article=article).first()
    return pending.snapshot if pending else take_snapshot(article)


@contextmanager
def as_it_will_be(article):
    """The piece as readers will see it once its pending changes are published.

    For previews: the pending changes are stored inside a transaction that is
    rolled back when the block ends, so the page is rendered from exactly what
    publishing would store (inlines included) and nothing changes.
    """
    from .models import Article

    pending = PendingChanges.objects.filter(article=article).first()
    if pending is None:
        yield article
        return
    with transaction.atomic():
        store_snapshot(article, pending.snapshot, with_status=False)
        yield Article.objects.for_page().get(pk=article.pk)
        transaction.set_rollback(True)


def save_pending_changes(article, snapshot, user):
    """Keep `snapshot` as the piece's pending changes; the live row stays as it is.

    `article.version` is the version the editor loaded; raises StaleVersionError.
    """
    with transaction.atomic():
        article.claim_next_version()
        PendingChanges.objects.update_or_create(
            article=article, defaults={"snapshot": snapshot, "saved_by": user}
        )
        article.save_revision(user, source="admin", pending=True)
        AuditEntry.objects.record(
            AuditEntry.Action.PENDING_SAVED, article, user, source="admin"
        )


def publish_pending_changes(article, user, *, source="admin"):
    """Put the pending changes live: a new stored version, a revision, "updated".

    People found in the new text are proposed, as on every save in the admin.
    """
    with transaction.atomic():
        pending = PendingChanges.objects.select_for_update().get(article=article)
        store_snapshot(article, pending.snapshot, with_status=False)
        pending.delete()
        detection = current_mention_index().detect(article.mention_text())
        article.link_detected_people(detection)
        article.mark_updated()
        article.save_revision(user, source=source)
        AuditEntry.objects.record(
            AuditEntry.Action.PENDING_PUBLISHED, article, user, source=source
        )


def discard_pending_changes(article, user, *, source="admin"):
    with transaction.atomic():
        article.claim_next_version()
        PendingChanges.objects.filter(article=article).delete()
        AuditEntry.objects.record(
            AuditEntry.Action.PENDING_DISCARDED, article, user, source=source
        )


def restore_revision(article, revision, user):
    """Make an older revision's content current again, as a new revision.

    A live piece gets it as pending changes (readers see nothing until an editor
    publishes them); any other piece gets it stored. Status and publish time stay.
    Returns True when it went to pending changes.
    """
    snapshot = revision.snapshot
    with transaction.atomic():
        if article.is_live:
            live = row_snapshot(article)
            pending = {
                **snapshot,
                "status": live["status"],
                "publish_at": live["publish_at"],
            }
            save_pending_changes(article, pending, user)
        else:
            store_snapshot(article, snapshot, with_status=False)
            article.save_revision(user, source="restore")
        AuditEntry.objects.record(
            AuditEntry.Action.RESTORED, article, user, revision=revision.version
        )
    return article.is_live


def restore_deleted(revision, user):
    """Bring a deleted piece back from its last revision, as a draft, with its id.

    The old id keeps its revisions and audit entries attached. A slug another piece
    took since gets a suffix. Raises ValidationError when the section is gone.
    """
    snapshot = {**revision.snapshot, "status": Article.Status.DRAFT}
    others = Article.objects.all()
    if others.filter(slug=snapshot["slug"]).exists():
        snapshot["slug"] = unique_slug(others, snapshot["slug"], max_length=200)
    article = Article(pk=revision.article_id, created_by=user)
    with transaction.atomic():
        if others.filter(pk=revision.article_id).exists():
            raise ValidationError(_("Dieser Artikel existiert bereits."))
        store_snapshot(article, snapshot)
        article.save_revision(user, source="restore")
        AuditEntry.objects.record(
            AuditEntry.Action.RESTORED, article, user, revision=revision.version
        )
    return article

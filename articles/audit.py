"""The audit log: who did what to which piece, and when.

Any code that does something worth recording calls one function::

    AuditEntry.objects.record(AuditEntry.Action.PUBLISHED, article, user, via="x")

`user` may be None (commands); extra keywords are kept as details. Entries keep the
article's id and headline as plain data, so they outlive a deleted piece. Nobody
edits or deletes them in the admin.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def record(self, action, article, user=None, **details):
        return self.create(
            action=AuditEntry.Action(action),
            article_id=article.pk,
            headline=article.headline[:200],
            user=user if user is not None and user.is_authenticated else None,
            details=details,
        )

    def visible_to(self, user):
        """Editors see everything, reporters the history of their own pieces."""
        if user.has_perm("articles.publish_article"):
            return self
        from .models import Article

        return self.filter(article_id__in=Article.objects.owned_by(user).values("pk"))


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("angelegt")
        SUBMITTED = "submitted", _("zur Prüfung eingereicht")
        PUBLISHED = "published", _("veröffentlicht")
        SCHEDULED = "scheduled", _("eingeplant")
        UNPUBLISHED = "unpublished", _("Veröffentlichung zurückgenommen")
        PENDING_SAVED = "pending_saved", _("Änderungen als Entwurf gespeichert")
        PENDING_PUBLISHED = "pending_published", _("Änderungen veröffentlicht")
        PENDING_DISCARDED = "pending_discarded", _("Änderungen verworfen")
        SLUG_CHANGED = "slug_changed", _("URL geändert")
        DELETED = "deleted", _("gelöscht")
        RESTORED = "restored", _("wiederhergestellt")
        CORRECTION_ADDED = "correction_added", _("Korrektur hinzugefügt")
        PREVIEW_LINK_MADE = "preview_link_made", _("Vorschau-Link erstellt")
        PREVIEW_LINK_REVOKED = "preview_link_revoked", _("Vorschau-Link widerrufen")

    action = models.CharField(_("Vorgang"), max_length=32, choices=Action)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("Artikel"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="audit_entries",
    )
    headline = models.CharField(_("Überschrift"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    details = models.JSONField(_("Einzelheiten"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-at", "-pk"]
        default_permissions = ()
        indexes = [models.Index(fields=["article", "-at"], name="audit_article_idx")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.headline}"

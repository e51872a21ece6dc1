from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Section
from newsroom.page_cache import ContentQuerySet
from newsroom.richtext import render_markdown


class Page(models.Model):
    """One of the newsroom's own pages: Impressum, Datenschutz, Kontakt, …"""

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(
        _("Kurzname in der URL"),
        max_length=100,
        unique=True,
        help_text=_("Die Seite steht unter /kurzname/, z. B. /impressum/."),
    )
    body = models.TextField(_("Text"), help_text=_("Markdown: ## Zwischenüberschrift"))
    body_html = models.TextField(editable=False, default="")
    in_footer = models.BooleanField(_("in der Fußzeile verlinkt"), default=True)
    position = models.PositiveSmallIntegerField(
        _("Reihenfolge"),
        default=0,
        help_text=_("Reihenfolge in der Fußzeile; kleinere Zahlen stehen weiter vorn."),
    )
    updated_at = models.DateTimeField(_("zuletzt geändert"), auto_now=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Seite")
        verbose_name_plural = _("Seiten")
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, by=None, **kwargs):
        """Save the page and record the save as a revision by `by` (a user)."""
        self.body_html = render_markdown(self.body)
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.revisions.create(title=self.title, body=self.body, created_by=by)

    def get_absolute_url(self):
        # Pages share the section URL /<slug>/; see the end of articles/urls.py.
        return reverse("articles:section", kwargs={"slug": self.slug})

    def clean(self):
        if self.slug in Section.RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": ValidationError(
                        _("„%(slug)s“ ist für die Website reserviert."),
                        params={"slug": self.slug},
                    )
                }
            )
        section = Section.objects.filter(slug=self.slug).first()
        if section is not None:
            raise ValidationError(
                {
                    "slug": ValidationError(
                        _("„%(slug)s“ ist schon die Adresse des Ressorts „%(name)s“."),
                        params={"slug": self.slug, "name": section.name},
                    )
                }
            )


class PageRevision(models.Model):
    """The page as one save left it; never changed or deleted."""

    page = models.ForeignKey(
        Page,
        verbose_name=_("Seite"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    title = models.CharField(_("Titel"), max_length=200)
    body = models.TextField(_("Text"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gespeichert von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gespeichert am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Version einer Seite")
        verbose_name_plural = _("Versionen der Seiten")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.created_at):%d.%m.%Y, %H:%M})"

    def restore(self, *, by):
        """Make this version the page's text again, itself recorded as a new save."""
        self.page.title = self.title
        self.page.body = self.body
        self.page.save(by=by)

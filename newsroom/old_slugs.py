"""Old slugs: a page whose slug changed keeps answering at its old URLs.

Each app records the slugs its objects gave up in a model of its own (articles,
tags, people) built on `OldSlug`. An old slug points at the object, never at the
next slug, so however often the slug changes, every old URL redirects in one hop.
"""

from django.contrib import admin
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _


class OldSlug(models.Model):
    """A slug an object had before. Concrete models add `owner_field`, a foreign key
    to the object with `related_name="old_slugs"`."""

    owner_field = None

    slug = models.SlugField(_("alter Kurzname in der URL"), max_length=200, unique=True)
    replaced_at = models.DateTimeField(_("ersetzt am"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-replaced_at"]

    def __str__(self):
        return self.slug

    @classmethod
    def remember(cls, owner, previous_slug):
        """Record that `owner` gave up `previous_slug` (None: nothing to record).

        A slug the owner takes back is live again and no longer an old one.
        """
        if previous_slug is None or previous_slug == owner.slug:
            return
        cls.objects.update_or_create(
            slug=previous_slug, defaults={cls.owner_field: owner}
        )
        cls.objects.filter(slug=owner.slug, **{cls.owner_field: owner}).delete()


def stored_slug(instance, queryset):
    """The slug `instance` has in the database, if its row is in `queryset`."""
    if instance._state.adding:
        return None
    return queryset.filter(pk=instance.pk).values_list("slug", flat=True).first()


@admin.display(description=_("frühere Kurznamen (leiten hierher weiter)"))
def former_slugs(owner):
    """The admin's read-only list of the slugs `owner` had before."""
    if owner.pk is None:
        return "–"
    return ", ".join(owner.old_slugs.values_list("slug", flat=True)) or "–"


def redirect_from_old_slug(queryset, slug):
    """A permanent redirect to the object of `queryset` that once had `slug`, or 404.

    A live slug always wins: call this only when no object has `slug` now.
    """
    return redirect(get_object_or_404(queryset, old_slugs__slug=slug), permanent=True)

"""Comparing two snapshots of a piece (see `revisions`), field by field.

Texts are compared word by word (`difflib`) and marked with <del> and <ins>;
bylines, people mentioned, tags and the section as entries added or removed.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Article

TEXT_LABELS = {
    name: Article._meta.get_field(name).verbose_name
    for name in [
        "headline",
        "slug",
        "teaser",
        "body",
        "sign_off",
        "seo_title",
        "seo_description",
        "hero_caption",
        "hero_credit",
        "hero_alt",
        "language",
        "status",
        "publish_at",
    ]
}
LIST_LABELS = {
    "section": _("Ressort"),
    "hero_image": Article._meta.get_field("hero_image").verbose_name,
    "bylines": _("Autorenzeilen"),
    "mentions": _("erwähnte Personen"),
    "tags": _("Schlagwörter"),
}
# The order fields are shown in; every key of a snapshot.
FIELDS = [
    "headline",
    "slug",
    "teaser",
    "body",
    "sign_off",
    "section",
    "bylines",
    "tags",
    "mentions",
    "status",
    "publish_at",
    "language",
    "hero_image",
    "hero_caption",
    "hero_credit",
    "hero_alt",
    "seo_title",
    "seo_description",
]
WORDS = re.compile(r"(\s+)")


@dataclass
class FieldDifference:
    name: str
    label: str
    # Texts: the new text with the changes marked. Lists: the entries.
    marked: str = ""
    removed: list = field(default_factory=list)
    added: list = field(default_factory=list)

    @property
    def is_text(self):
        return self.name in TEXT_LABELS


def mark_words(old, new):
    """`new` as HTML, escaped, words removed from `old` in <del>, added in <ins>."""
    old_words, new_words = WORDS.split(old or ""), WORDS.split(new or "")
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    parts = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = escape("".join(old_words[old_start:old_end]))
        added = escape("".join(new_words[new_start:new_end]))
        if operation == "equal":
            parts.append(added)
            continue
        if removed.strip():
            parts.append(f"<del>{removed}</del>")
        if added.strip():
            parts.append(f"<ins>{added}</ins>")
        elif added:
            parts.append(added)
    # Every part was escaped above.
    return mark_safe("".join(parts))


def entries(snapshot, name):
    """A list field of a snapshot as readable entries."""
    value = snapshot.get(name)
    if name == "section":
        return [value["name"]] if value else []
    if name == "hero_image":
        return [value] if value else []
    if name == "tags":
        return list(value)
    if name == "bylines":
        return [describe(entry["name"], entry["role"]) for entry in value]
    return [
        describe(entry["name"], entry["role"])
        + ("" if entry["confirmed"] else " – " + str(_("unbestätigt")))
        for entry in value
    ]


def describe(name, role):
    return f"{name} ({role})" if role else name


def differs(old, new, name):
    return old.get(name) != new.get(name)


def compare(old, new):
    """The fields in which snapshot `new` differs from `old`, in form order."""
    differences = []
    for name in FIELDS:
        if not differs(old, new, name):
            continue
        if name in TEXT_LABELS:
            differences.append(
                FieldDifference(
                    name,
                    TEXT_LABELS[name],
                    marked=mark_words(text(old, name), text(new, name)),
                )
            )
            continue
        before, after = entries(old, name), entries(new, name)
        differences.append(
            FieldDifference(
                name,
                LIST_LABELS[name],
                removed=[entry for entry in before if entry not in after],
                added=[entry for entry in after if entry not in before],
            )
        )
    return differences


def text(snapshot, name):
    """A text field of a snapshot as shown to editors."""
    value = snapshot.get(name) or ""
    if name == "status" and value:
        return str(Article.Status(value).label)
    if name == "publish_at" and value:
        moment = timezone.localtime(parse_datetime(value))
        return date_format(moment, "DATETIME_FORMAT")
    return value


def readable(snapshot, name):
    """Any field of a snapshot as plain text, for the side-by-side conflict view."""
    if name in TEXT_LABELS:
        return text(snapshot, name)
    return "\n".join(entries(snapshot, name))


def label(name):
    return TEXT_LABELS.get(name) or LIST_LABELS[name]

"""The one slug rule for the whole newsroom: server, admin, tags and importers.

Django's `slugify` drops umlauts to their base letter ("Gespräche" -> "gesprache"),
which reads wrong to German readers; we transliterate them the German way first.
"""

from django.utils.text import slugify

GERMAN_TRANSLITERATION = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "ẞ": "SS",
    }
)


def german_slugify(text, max_length=None):
    """Return an ASCII slug for `text`: "Gespräche in Riad" -> "gespraeche-in-riad"."""
    slug = slugify(str(text).translate(GERMAN_TRANSLITERATION))
    if max_length:
        slug = slug[:max_length].rstrip("-")
    return slug


def unique_slug(queryset, text, max_length=50, reserved=None):
    """A slug for `text` that no row of `queryset` has yet: "riad", "riad-2", ...

    Pass a queryset that excludes the object being saved. `reserved`, another
    queryset with a `slug` field, holds slugs that are taken too (old slugs that
    still redirect to another object).
    """
    base = german_slugify(text, max_length=max_length) or "beitrag"
    # Suffixed candidates may be cut shorter than `base`, so look a little wider.
    prefix = base[: max(1, max_length - 8)]
    taken = set(queryset.filter(slug__startswith=prefix).values_list("slug", flat=True))
    if reserved is not None:
        taken.update(
            reserved.filter(slug__startswith=prefix).values_list("slug", flat=True)
        )
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        number += 1
    return slug

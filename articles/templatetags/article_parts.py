"""The byline and the publication time of a piece, built in Python.

Lists show both for every teaser (44 on the home page, 50 in a feed); as template
includes, and then through Django's date formatting, they were most of a list
page's rendering time.
"""

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list

register = template.Library()

# The `<time>` text is German whatever language the request negotiated. Formatting
# it with `dateformat` under `translation.override("de")` took four fifths of the
# filter's time; the month is all that needs a name.
GERMAN_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


@register.simple_tag
def byline(bylines):
    """„Von A, B (mit Agenturen) und C“, each name linked to the person's page."""
    names = []
    for line in bylines:
        link = (
            f'<a href="{escape(line.person.get_absolute_url())}">'
            f"{escape(line.person.name)}</a>"
        )
        names.append(f"{link} ({escape(line.role)})" if line.role else link)
    if not names:
        return ""
    # Every name and role is escaped above.
    return mark_safe(f'<p class="byline">Von {get_text_list(names, "und")}</p>')


@register.filter
def time_element(when):
    """A `<time>` element in German: „4. März 2025, 09:15 Uhr“ (Berlin time)."""
    local = timezone.localtime(when)
    shown = f"{local.day}. {GERMAN_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"
    return format_html('<time datetime="{}">{} Uhr</time>', local.isoformat(), shown)

"""The byline and the publication time of a piece, built in Python.

Lists show both for every teaser; as template includes they were most of a list
page's rendering time.
"""

from django import template
from django.utils import timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list

register = template.Library()


@register.simple_tag
def byline(article):
    """„Von A, B (mit Agenturen) und C“, each name linked to the person's page."""
    names = [
        format_html(
            '<a href="{}">{}</a>{}',
            line.person.get_absolute_url(),
            line.person.name,
            format_html(" ({})", line.role) if line.role else "",
        )
        for line in article.bylines.all()
    ]
    if not names:
        return ""
    # The names are escaped HTML already.
    return format_html(
        '<p class="byline">Von {}</p>', mark_safe(get_text_list(names, "und"))
    )


@register.filter
def time_element(when):
    """A `<time>` element in German: „4. März 2025, 09:15 Uhr“ (Berlin time)."""
    local = timezone.localtime(when)
    with translation.override("de"):
        shown = format_date(local, "j. F Y, H:i")
    return format_html('<time datetime="{}">{} Uhr</time>', local.isoformat(), shown)

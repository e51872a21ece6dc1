from django import template

from articles.models import Section
from newsroom.page_cache import cached_until_changed

register = template.Library()


def section_links():
    return [
        {"url": section.get_absolute_url(), "name": section.name}
        for section in Section.objects.all()
    ]


@register.inclusion_tag("articles/includes/section_nav.html", takes_context=True)
def section_nav(context):
    return {
        "sections": cached_until_changed("section-nav", section_links),
        "request": context.get("request"),
    }

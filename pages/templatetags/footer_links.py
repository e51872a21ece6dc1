from django import template

from newsroom.page_cache import cached_until_changed
from pages.models import Page

register = template.Library()


def page_links():
    pages = Page.objects.filter(in_footer=True).only("title", "slug")
    return [{"url": page.get_absolute_url(), "title": page.title} for page in pages]


@register.inclusion_tag("pages/includes/footer_links.html")
def footer_links():
    return {"pages": cached_until_changed("footer-links", page_links)}

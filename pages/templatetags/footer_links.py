from django import template

from pages.models import Page

register = template.Library()


@register.inclusion_tag("pages/includes/footer_links.html")
def footer_links():
    return {"pages": Page.objects.filter(in_footer=True).only("title", "slug")}

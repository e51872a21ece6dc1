from django import template

from articles.models import Section

register = template.Library()


@register.inclusion_tag("articles/includes/section_nav.html", takes_context=True)
def section_nav(context):
    return {"sections": Section.objects.all(), "request": context.get("request")}

"""Tags for what a page says about itself in `<head>`: URLs, cards, JSON-LD."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from newsroom.images import jpeg_renditions

register = template.Library()

# The escapes of Django's `json_script`: no "</script>" or "<!--" in the data can end
# the script element early, and JSON parsers read the escapes back unchanged.
SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as an absolute URL on the request's host (ALLOWED_HOSTS guards it)."""
    return context["request"].build_absolute_uri(path)


@register.filter
def json_ld(data):
    """`data` as a `<script type="application/ld+json">` block."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(SCRIPT_SAFE)),
    )


@register.simple_tag
def social_image(image):
    """The largest JPEG rendition of `image` for social cards, or None."""
    renditions = jpeg_renditions(image)
    return renditions[-1] if renditions else None

from django import template

from newsroom.images import picture_for

register = template.Library()


@register.inclusion_tag("articles/includes/picture.html")
def picture(image, alt, sizes, loading="lazy"):
    """A responsive `<picture>` of an uploaded image, from its cached renditions."""
    return {
        "image": image,
        "picture": picture_for(image),
        "alt": alt,
        "sizes": sizes,
        "loading": loading,
    }

"""schema.org data about pieces, for the JSON-LD of the article page.

Each function returns plain dicts and lists; the template renders them with the
`json_ld` filter, which escapes them for the script element.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from newsroom.images import jpeg_renditions
from people.structured_data import person_reference

LOGO = {"path": "newsroom/logo.png", "width": 600, "height": 60}


def article_structured_data(article, request):
    """The JSON-LD blocks of an article page: the piece and its breadcrumb trail."""
    return [news_article(article, request), breadcrumbs(article, request)]


def news_article(article, request):
    """The piece as a schema.org NewsArticle.

    Reads only what `Article.objects.for_page()` prefetched.
    """
    url = request.build_absolute_uri(article.get_absolute_url())
    published = article.first_published_at or article.publish_at
    modified = article.updated_at if article.was_updated else published
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.teaser,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": article.language,
        "datePublished": iso_time(published),
        "dateModified": iso_time(modified),
        "author": [
            person_reference(byline.person, request) for byline in article.bylines.all()
        ],
        "publisher": publisher(request),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "mentions": [
            person_reference(mention.person, request)
            for mention in article.mentions.all()
        ],
    }
    if corrections := article.corrections.all():
        # Pressekodex, Ziffer 3: corrections travel with the piece.
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "datePublished": iso_time(correction.created_at),
                "text": f"{correction.get_kind_display()}: {correction.text}",
                "url": request.build_absolute_uri(correction.get_absolute_url()),
            }
            for correction in corrections
        ]
    if renditions := jpeg_renditions(article.hero_image):
        # Largest first: the image a search engine should prefer.
        data["image"] = [
            request.build_absolute_uri(rendition.url)
            for rendition in reversed(renditions)
        ]
    return data


def publisher(request):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.PUBLICATION_NAME,
        "url": request.build_absolute_uri(reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static(LOGO["path"])),
            "width": LOGO["width"],
            "height": LOGO["height"],
        },
    }


def breadcrumbs(article, request):
    """Home, section, piece."""
    trail = [
        (settings.PUBLICATION_NAME, reverse("articles:home")),
        (article.section.name, article.section.get_absolute_url()),
        (article.headline, article.get_absolute_url()),
    ]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": request.build_absolute_uri(path),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def iso_time(when):
    """ISO 8601 in Berlin time, as the page shows it: 2025-02-18T14:30:00+01:00."""
    return timezone.localtime(when).isoformat()

from datetime import date

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from newsroom.conditional import conditional_page
from newsroom.old_slugs import redirect_from_old_slug
from newsroom.pagination import paginate
from pages.views import page_detail

from .models import Article, Correction, PreviewLink, Section, Tag
from .revisions import as_it_will_be
from .search import clean_query, highlight
from .structured_data import article_structured_data

RELATED_COUNT = 4


def home(request):
    published = Article.objects.published()
    page = paginate(request, published.for_listing())
    by_section = published.latest_by_section().for_listing() if page.number == 1 else []
    return render(
        request,
        "articles/home.html",
        {"page": page, "by_section": by_section, "canonical_path": page.url},
    )


@conditional_page
def article_detail(request, section, year, month, day, slug):
    published = Article.objects.published()
    try:
        article = published.for_page().get(slug=slug)
    except Article.DoesNotExist:
        return redirect_from_old_slug(published.select_related("section"), slug)
    # Also the way from the URL of a former section or publication day.
    if request.path != article.get_absolute_url():
        return redirect(article, permanent=True)
    related = (
        Article.objects.published()
        .related_to(article)
        .select_related("section")[:RELATED_COUNT]
    )
    context = {
        "article": article,
        "related": related,
        "canonical_path": article.get_absolute_url(),
        "structured_data": article_structured_data(article, request),
    }
    return render(request, "articles/article_detail.html", context)


def section_detail(request, slug):
    section = Section.objects.filter(slug=slug).first()
    if section is None:
        return page_detail(request, slug)
    page = paginate(request, section.articles.published().for_listing())
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page": page, "canonical_path": page.url},
    )


def tag_detail(request, slug):
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        return redirect_from_old_slug(Tag.objects.all(), slug)
    page = paginate(request, Article.objects.published().tagged(tag).for_listing())
    return render(
        request,
        "articles/tag_detail.html",
        {"tag": tag, "page": page, "canonical_path": page.url},
    )


def archive(request, year, month=None, day=None):
    try:
        pieces = Article.objects.published().published_in(year, month, day)
    except (ValueError, OverflowError) as error:
        raise Http404("Dieses Datum gibt es nicht.") from error
    canonical = archive_url(year, month, day)
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    page = paginate(request, pieces.for_listing())
    context = {
        "period": date(year, month or 1, day or 1),
        "month": month,
        "day": day,
        "page": page,
        "canonical_path": page.url,
    }
    return render(request, "articles/archive.html", context)


def archive_url(year, month=None, day=None):
    """The one URL of an archive page, month and day zero-padded: /archiv/2025/02/."""
    if day is not None:
        return reverse(
            "articles:archive_day", args=[year, f"{month:02d}", f"{day:02d}"]
        )
    if month is not None:
        return reverse("articles:archive_month", args=[year, f"{month:02d}"])
    return reverse("articles:archive_year", args=[year])


def search(request):
    query = clean_query(request.GET.get("q", ""))
    page = None
    if query:
        page = paginate(
            request, Article.objects.published().for_listing().search(query)
        )
        highlight(page, query)
    context = {
        "query": query,
        "page": page,
        "canonical_path": page.url if page else request.path,
    }
    return render(request, "articles/search.html", context)


def corrections(request):
    page = paginate(request, Correction.objects.of_published_pieces().for_listing())
    return render(
        request,
        "articles/corrections.html",
        {"page": page, "canonical_path": page.url},
    )


@cache_control(private=True, no_store=True)
def preview(request, token):
    """A piece as readers will see it, for a reviewer holding a preview link."""
    link = PreviewLink.objects.find(token)
    if link is None:
        # Unknown, altered, expired and revoked links look the same to everyone.
        raise Http404
    article = Article.objects.for_page().get(pk=link.article_id)
    with as_it_will_be(article) as shown:
        response = render(
            request,
            "articles/article_detail.html",
            {"article": shown, "preview": True},
        )
    # The token is the key to the piece: it must not leave in a Referer header.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response

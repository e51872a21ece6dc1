from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from newsroom.pagination import paginate

from .models import Article, Section, Tag
from .search import clean_query, highlight

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


def article_detail(request, section, year, month, day, slug):
    article = get_object_or_404(Article.objects.published().for_page(), slug=slug)
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
    }
    return render(request, "articles/article_detail.html", context)


def section_detail(request, slug):
    section = get_object_or_404(Section, slug=slug)
    page = paginate(request, section.articles.published().for_listing())
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page": page, "canonical_path": page.url},
    )


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(request, Article.objects.published().filter(tags=tag).for_listing())
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
            request, Article.objects.published().search(query).for_listing()
        )
        highlight(page, query)
    return render(request, "articles/search.html", {"query": query, "page": page})

from django.shortcuts import get_object_or_404, render

from .models import Page


def page_detail(request, slug):
    page = get_object_or_404(Page, slug=slug)
    return render(
        request,
        "pages/page_detail.html",
        {"page": page, "canonical_path": page.get_absolute_url()},
    )

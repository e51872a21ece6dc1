from django.shortcuts import get_object_or_404, redirect, render

from .models import Article


def home(request):
    articles = Article.objects.published().for_listing()[:20]
    return render(request, "articles/home.html", {"articles": articles})


def article_detail(request, section, year, month, day, slug):
    article = get_object_or_404(Article.objects.published().for_page(), slug=slug)
    if request.path != article.get_absolute_url():
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})

from django.shortcuts import get_object_or_404, render

from articles.models import Article

from .models import Person


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    published = Article.objects.published().for_listing()
    context = {
        "person": person,
        "articles_written": published.filter(bylines__person=person),
        "articles_mentioning": published.filter(mentions__person=person),
    }
    return render(request, "people/person_detail.html", context)

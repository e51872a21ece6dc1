from django.http import Http404
from django.shortcuts import get_object_or_404, render

from articles.models import Article
from newsroom.pagination import paginate

from .models import Person


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    published = Article.objects.published().for_listing()
    written = paginate(request, published.written_by(person), parameter="artikel")
    mentioning = paginate(request, published.mentioning(person), parameter="erwaehnt")
    # A person the site has published nothing about stays private: a page for
    # someone only named in drafts would give the story away.
    if not written and not mentioning:
        raise Http404("Zu dieser Person gibt es keine Artikel.")
    context = {
        "person": person,
        "written": written,
        "mentioning": mentioning,
        "canonical_path": person.get_absolute_url(),
    }
    return render(request, "people/person_detail.html", context)

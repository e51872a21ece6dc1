from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render

from articles.models import Article
from newsroom.conditional import conditional_page
from newsroom.old_slugs import redirect_from_old_slug
from newsroom.pagination import paginate

from .models import Person
from .structured_data import person_profile


@conditional_page
def person_detail(request, slug):
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        # An old URL of someone without a page must not give their new one away.
        return redirect_from_old_slug(Person.objects.with_published_pieces(), slug)
    published = Article.objects.published().for_listing()
    written = paginate(request, published.written_by(person), parameter="artikel")
    mentioning = paginate(request, published.mentioning(person), parameter="erwaehnt")
    # A person the site has published nothing about stays private: a page for
    # someone only named in drafts would give the story away.
    if not written and not mentioning:
        raise Http404("Zu dieser Person gibt es keine Artikel.")
    page_numbers = {
        page.parameter: page.number for page in (written, mentioning) if page.number > 1
    }
    canonical_path = person.get_absolute_url()
    if page_numbers:
        canonical_path += f"?{urlencode(page_numbers)}"
    context = {
        "person": person,
        "written": written,
        "mentioning": mentioning,
        "canonical_path": canonical_path,
        "structured_data": person_profile(person, request),
    }
    return render(request, "people/person_detail.html", context)

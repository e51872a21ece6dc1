"""Pagination that stays cheap on a large archive.

Django's `Paginator` counts every matching row to number the last page; at 100,000
pieces that `COUNT(*)` costs more than the page itself. Readers page forwards and
back, so we fetch one row more than we show to learn whether a next page exists, and
cap the page number so nobody can ask the database to skip a million rows.
"""

from dataclasses import dataclass

from django.http import Http404

PER_PAGE = 20
MAX_PAGE = 500


@dataclass
class Page:
    object_list: list
    number: int
    has_next: bool
    parameter: str
    path: str
    query: dict

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __bool__(self):
        return bool(self.object_list)

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def previous_url(self):
        return self.url_for(self.number - 1)

    @property
    def next_url(self):
        return self.url_for(self.number + 1)

    @property
    def url(self):
        return self.url_for(self.number)

    def url_for(self, number):
        """The query string of page `number`, keeping the request's other parameters.

        Page 1 has no page parameter, so each page has exactly one URL.
        """
        query = self.query.copy()
        if number > 1:
            query[self.parameter] = str(number)
        else:
            query.pop(self.parameter, None)
        return f"{self.path}?{query.urlencode()}" if query else self.path


def paginate(request, queryset, per_page=None, parameter="seite"):
    """Page `request.GET[parameter]` of `queryset`; unknown or empty pages are 404s."""
    per_page = per_page or PER_PAGE
    raw = request.GET.get(parameter, "1")
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404("Diese Seite gibt es nicht.")
    number = int(raw)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    if number > 1 and not rows:
        raise Http404("Diese Seite gibt es nicht.")
    return Page(
        object_list=rows[:per_page],
        number=number,
        has_next=len(rows) > per_page,
        parameter=parameter,
        path=request.path,
        query=request.GET.copy(),
    )

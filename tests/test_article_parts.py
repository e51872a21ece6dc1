"""The byline and the `<time>` element that every teaser and article page shows."""

from datetime import UTC, datetime

import pytest
from django.utils import dateformat, timezone, translation

from articles.templatetags.article_parts import byline, time_element

from .builders import make_article, make_person


@pytest.mark.parametrize("month", range(1, 13))
def test_time_is_german_whatever_language_the_reader_asked_for(month):
    when = datetime(2025, month, 4, 9, 5, tzinfo=timezone.get_default_timezone())
    # Django's own German month names are the reference.
    with translation.override("de"):
        name = dateformat.format(when, "F")
    with translation.override("en"):
        html = time_element(when)
    assert f">4. {name} 2025, 09:05 Uhr</time>" in html


def test_time_is_shown_in_berlin_time():
    # Summer time began at 01:00 UTC that night.
    html = time_element(datetime(2025, 3, 30, 1, 30, tzinfo=UTC))
    assert html == (
        '<time datetime="2025-03-30T03:30:00+02:00">30. März 2025, 03:30 Uhr</time>'
    )


def test_byline_links_and_escapes_every_name_and_role(section):
    article = make_article(section=section)
    first = make_person(name="Anna <Groß>")
    second = make_person(name="Jürgen Weiß")
    third = make_person(name="Lena & Co")
    article.bylines.create(person=first, position=0)
    article.bylines.create(person=second, role="mit <Agenturen>", position=1)
    article.bylines.create(person=third, position=2)

    assert byline(article.bylines.all()) == (
        '<p class="byline">Von '
        f'<a href="{first.get_absolute_url()}">Anna &lt;Groß&gt;</a>, '
        f'<a href="{second.get_absolute_url()}">Jürgen Weiß</a> '
        "(mit &lt;Agenturen&gt;) und "
        f'<a href="{third.get_absolute_url()}">Lena &amp; Co</a></p>'
    )


def test_no_byline_without_authors(section):
    assert byline(make_article(section=section).bylines.all()) == ""

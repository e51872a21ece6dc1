"""The section navigation and the footer links, cached until the content changes.

Every page shows them, so they are kept in the cache under the content generation
(`newsroom.page_cache.cached_until_changed`), with or without the page cache. With
the test's transaction around each test, `committed()` is the moment a change is
committed and the generation moves.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Section
from pages.models import Page

from .builders import make_article, make_section


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def article(section):
    return make_article(headline="Treffen in Riad", section=section)


def test_navigation_and_footer_cost_no_query_once_cached(client, article):
    url = article.get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    # The sections of the navigation and the newsroom's pages in the footer.
    assert len(second) == len(first) - 2


def test_a_new_section_shows_in_the_navigation_on_the_next_request(
    client, committed, article
):
    client.get("/")
    with committed():
        make_section(name="Wissenschaft")
    assert '<a href="/wissenschaft/">Wissenschaft</a>' in client.get("/").text


def test_a_renamed_section_shows_in_the_navigation_on_the_next_request(
    client, committed, article, section
):
    assert f">{section.name}</a>" in client.get("/").text
    with committed():
        Section.objects.filter(pk=section.pk).update(name="Außenpolitik")
    assert ">Außenpolitik</a></li>" in client.get("/").text


def test_a_new_footer_page_shows_on_the_next_request(client, committed, article):
    client.get("/")
    with committed():
        Page.objects.create(title="Impressum", slug="impressum", body="Wer wir sind.")
    assert '<a href="/impressum/">Impressum</a>' in client.get("/").text


def test_a_page_taken_out_of_the_footer_leaves_it_on_the_next_request(
    client, committed, article
):
    with committed():
        page = Page.objects.create(title="Impressum", slug="impressum", body="Text")
    assert '<a href="/impressum/">Impressum</a>' in client.get("/").text
    with committed():
        page.in_footer = False
        page.save()
    assert '<a href="/impressum/">Impressum</a>' not in client.get("/").text


def test_the_current_section_is_marked_in_the_cached_navigation(client, section):
    make_article(section=section)
    client.get("/")
    page = client.get(section.get_absolute_url()).text
    assert f'<a href="{section.get_absolute_url()}" aria-current="page">' in page

"""Article and person pages answer 304 to a current copy, and never to a stale one."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import Article, Section

from .builders import make_article, make_person


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article(section):
    piece = make_article(section=section, headline="Treffen in Riad")
    piece.tags.add("Diplomatie")
    piece.bylines.create(person=make_person(name="Lena Hoffmann"))
    return piece


def validators(response):
    assert response.status_code == 200
    return response["ETag"], response["Last-Modified"]


def assert_not_modified(client, url, etag, last_modified):
    for headers in [
        {"if_none_match": etag},
        {"if_modified_since": last_modified},
        {"if_none_match": etag, "if_modified_since": last_modified},
    ]:
        response = client.get(url, headers=headers)
        assert response.status_code == 304, headers
        assert response.content == b""
        assert response["ETag"] == etag


def assert_changed(client, url, etag, last_modified):
    """Both kinds of conditional request get the new page with new validators."""
    by_etag = client.get(url, headers={"if_none_match": etag})
    by_date = client.get(url, headers={"if_modified_since": last_modified})
    new_etag, new_last_modified = validators(by_etag)
    assert validators(by_date) == (new_etag, new_last_modified)
    assert new_etag != etag
    assert new_last_modified != last_modified
    return new_etag, new_last_modified


def test_repeated_request_for_an_article_is_not_modified(client, article):
    url = article.get_absolute_url()
    etag, last_modified = validators(client.get(url))
    assert etag.startswith('"') and etag.endswith('"')
    assert last_modified.endswith(" GMT")
    assert_not_modified(client, url, etag, last_modified)
    assert client.head(url, headers={"if_none_match": etag}).status_code == 304


@pytest.mark.parametrize(
    "change",
    [
        "new tag",
        "related piece published",
        "author renamed",
        "section renamed",
        "correction added",
        "related piece rescheduled",
    ],
)
def test_any_change_on_the_page_gives_new_validators(client, article, change):
    url = article.get_absolute_url()
    related = make_article(
        section=article.section,
        headline="Mehr aus Riad",
        status=Article.Status.DRAFT,
    )
    related.tags.add("Diplomatie")
    etag, last_modified = validators(client.get(url))
    match change:
        case "new tag":
            article.tags.add("Ukraine")
        case "related piece published":
            related.publish()
        case "author renamed":
            person = article.bylines.get().person
            person.name = "Lena Hoffmann-Berger"
            person.save()
        case "section renamed":
            Section.objects.filter(pk=article.section_id).update(name="Ausland")
        case "correction added":
            article.corrections.create(text="Ein Name war falsch geschrieben.")
        case "related piece rescheduled":
            # Published for later, no write when the time comes: here, the time came.
            related.publish(at=timezone.now() + timedelta(hours=1))
            assert validators(client.get(url)) == (etag, last_modified)
            Article.objects.filter(pk=related.pk).update(
                publish_at=timezone.now() - timedelta(minutes=1)
            )
    assert_changed(client, url, etag, last_modified)


def test_a_page_that_changes_back_is_newer_than_the_version_between(client, article):
    url = article.get_absolute_url()
    first_etag, first_date = validators(client.get(url))
    article.tags.add("Ukraine")
    second_etag, second_date = assert_changed(client, url, first_etag, first_date)
    article.tags.remove("Ukraine")
    third_etag, third_date = assert_changed(client, url, second_etag, second_date)
    # The same HTML as at first, but a client holding the second version asking
    # "modified since then?" must hear yes.
    assert third_etag == first_etag
    response = client.get(url, headers={"if_modified_since": second_date})
    assert response.status_code == 200


def test_person_page_is_conditional(client, article):
    url = "/personen/lena-hoffmann/"
    etag, last_modified = validators(client.get(url))
    assert_not_modified(client, url, etag, last_modified)
    make_article(section=article.section).bylines.create(
        person=article.bylines.get().person
    )
    assert_changed(client, url, etag, last_modified)


def test_the_same_page_under_another_url_has_the_same_etag(client, article):
    first = validators(client.get("/personen/lena-hoffmann/"))
    response = client.get(
        "/personen/lena-hoffmann/?artikel=1", headers={"if_none_match": first[0]}
    )
    assert response.status_code == 304


def test_redirects_and_missing_pages_have_no_last_modified(client, article):
    moved = client.get("/ausland/2025/01/01/" + article.slug + "/")
    missing = client.get("/politik/2025/01/01/gibt-es-nicht/")
    assert moved.status_code == 301
    assert missing.status_code == 404
    for response in (moved, missing):
        # (ConditionalGetMiddleware gives the 404 page an ETag of its content.)
        assert "Last-Modified" not in response
    assert "ETag" not in moved


def test_page_queries_stay_the_same_with_validators(
    client, article, django_assert_num_queries
):
    url = article.get_absolute_url()
    etag, _ = validators(client.get(url))
    # 8 on the first request; the navigation and the footer links are cached since.
    with django_assert_num_queries(6):
        assert client.get(url, headers={"if_none_match": etag}).status_code == 304

"""Old URLs of pieces, people and tags answer 301, in one hop, to the current one."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from articles.models import Article, OldArticleSlug, Section, Tag
from people.models import OldPersonSlug, Person

from .builders import article_form_data, make_article, make_person

BERLIN = timezone.get_default_timezone()


def assert_moved(client, old_url, new_url):
    """`old_url` answers 301 straight to `new_url`, which is a page."""
    response = client.get(old_url)
    assert response.status_code == 301, old_url
    assert response["Location"] == new_url
    assert client.get(new_url).status_code == 200


def rename(obj, slug):
    obj.slug = slug
    obj.save()


@pytest.fixture
def article(section):
    return make_article(
        section=section,
        headline="Treffen in Riad",
        publish_at=datetime(2025, 2, 18, 14, 30, tzinfo=BERLIN),
    )


def test_every_old_slug_of_a_piece_redirects_to_the_current_url(client, article):
    first = article.get_absolute_url()
    rename(article, "gespraeche-in-riad")
    second = article.get_absolute_url()
    rename(article, "usa-und-russland-in-riad")
    current = "/politik/2025/02/18/usa-und-russland-in-riad/"
    assert article.get_absolute_url() == current
    assert_moved(client, first, current)
    assert_moved(client, second, current)
    assert set(article.old_slugs.values_list("slug", flat=True)) == {
        "treffen-in-riad",
        "gespraeche-in-riad",
    }


def test_section_change_redirects_in_one_hop(client, article):
    old_url = article.get_absolute_url()
    article.section = Section.objects.create(name="Ausland", slug="ausland")
    article.save()
    assert_moved(client, old_url, "/ausland/2025/02/18/treffen-in-riad/")


def test_section_and_slug_change_redirect_in_one_hop(client, article):
    old_url = article.get_absolute_url()
    rename(article, "gespraeche-in-riad")
    middle_url = article.get_absolute_url()
    article.section = Section.objects.create(name="Ausland", slug="ausland")
    article.save()
    current = "/ausland/2025/02/18/gespraeche-in-riad/"
    assert_moved(client, old_url, current)
    assert_moved(client, middle_url, current)


def test_an_unpublished_pieces_old_url_is_not_found(client, article):
    old_url = article.get_absolute_url()
    rename(article, "gespraeche-in-riad")
    article.unpublish()
    assert client.get(old_url).status_code == 404
    assert client.get(article.get_absolute_url()).status_code == 404


def test_slugs_before_publication_are_not_recorded(section):
    draft = make_article(
        section=section, status=Article.Status.DRAFT, headline="Entwurf"
    )
    rename(draft, "erster-entwurf")
    scheduled = make_article(
        section=section, publish_at=timezone.now() + timedelta(days=1)
    )
    rename(scheduled, "geplant")
    assert not OldArticleSlug.objects.exists()


def test_saving_without_a_new_slug_records_nothing(article):
    article.headline = "Treffen in Riad: neue Gespräche"
    article.save()
    assert not article.old_slugs.exists()


def test_a_piece_may_take_back_its_old_slug(client, article):
    old_url = article.get_absolute_url()
    rename(article, "gespraeche-in-riad")
    middle_url = article.get_absolute_url()
    rename(article, "treffen-in-riad")
    assert list(article.old_slugs.values_list("slug", flat=True)) == [
        "gespraeche-in-riad"
    ]
    assert client.get(old_url).status_code == 200
    assert_moved(client, middle_url, old_url)


def test_a_new_piece_does_not_take_a_slug_that_redirects(section, article):
    rename(article, "gespraeche-in-riad")
    newcomer = make_article(section=section, headline="Treffen in Riad")
    assert newcomer.slug == "treffen-in-riad-2"


def test_the_live_slug_wins_over_an_old_one(client, section, article):
    old_url = article.get_absolute_url()
    rename(article, "gespraeche-in-riad")
    newcomer = make_article(
        section=section,
        headline="Ein anderes Treffen",
        slug="treffen-in-riad",
        publish_at=datetime(2025, 2, 18, 14, 30, tzinfo=BERLIN),
    )
    assert newcomer.get_absolute_url() == old_url
    response = client.get(old_url)
    assert response.status_code == 200
    assert "Ein anderes Treffen" in response.text


def test_admin_rename_records_the_old_slug_and_shows_it(client, editor, article):
    client.force_login(editor)
    old_url = article.get_absolute_url()
    change_url = f"/admin/articles/article/{article.pk}/change/"
    data = article_form_data(
        article, slug="gespraeche-in-riad", publish_at_0="18.02.2025"
    )
    data["publish_at_1"] = "14:30:00"
    response = client.post(change_url, data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug == "gespraeche-in-riad"
    assert_moved(client, old_url, article.get_absolute_url())
    html = client.get(change_url).text
    assert "Frühere Kurznamen" in html
    assert "treffen-in-riad" in html
    assert 'name="old_slugs' not in html  # shown, not editable


def test_admin_slug_that_redirects_elsewhere_gets_a_suffix(client, editor, article):
    rename(article, "gespraeche-in-riad")
    client.force_login(editor)
    response = client.post(
        "/admin/articles/article/add/",
        article_form_data(slug="treffen-in-riad", section=article.section_id),
    )
    assert response.status_code == 302
    assert Article.objects.get(headline="Ein neuer Artikel").slug == (
        "treffen-in-riad-2"
    )


@pytest.fixture
def person(article):
    person = make_person(name="Sergej Lawrow")
    article.mentions.create(person=person)
    return person


def test_every_old_slug_of_a_person_redirects(client, person):
    rename(person, "sergei-lavrov")
    rename(person, "sergej-w-lawrow")
    assert_moved(client, "/personen/sergej-lawrow/", "/personen/sergej-w-lawrow/")
    assert_moved(client, "/personen/sergei-lavrov/", "/personen/sergej-w-lawrow/")


def test_old_slug_of_a_person_without_published_pieces_is_not_found(client, section):
    person = make_person(name="Geheime Quelle")
    make_article(section=section, status=Article.Status.DRAFT).mentions.create(
        person=person
    )
    rename(person, "neuer-name")
    response = client.get("/personen/geheime-quelle/")
    assert response.status_code == 404
    assert "neuer-name" not in response.get("Location", "")


def test_new_person_does_not_take_a_redirecting_slug(person):
    rename(person, "sergei-lavrov")
    assert make_person(name="Sergej Lawrow").slug == "sergej-lawrow-2"
    assert OldPersonSlug.objects.get().person == person


def test_person_admin_shows_old_slugs(client, editor, person):
    rename(person, "sergei-lavrov")
    client.force_login(editor)
    html = client.get(f"/admin/people/person/{person.pk}/change/").text
    assert "Frühere Kurznamen" in html
    assert "sergej-lawrow" in html


def test_every_old_slug_of_a_tag_redirects(client, article):
    article.tags.add("Ukraine")
    tag = Tag.objects.get(name="Ukraine")
    rename(tag, "ukraine-krieg")
    rename(tag, "krieg-in-der-ukraine")
    assert_moved(client, "/themen/ukraine/", "/themen/krieg-in-der-ukraine/")
    assert_moved(client, "/themen/ukraine-krieg/", "/themen/krieg-in-der-ukraine/")
    assert client.get("/themen/gibt-es-nicht/").status_code == 404


def test_new_tag_does_not_take_a_redirecting_slug(article):
    tag = Tag.objects.create(name="Ukraine")
    tag.name = "Krieg in der Ukraine"
    rename(tag, "krieg-in-der-ukraine")
    article.tags.add("Ukraine")
    assert Tag.objects.get(name="Ukraine").slug == "ukraine-2"


def test_tag_admin_shows_old_slugs(client, editor):
    tag = Tag.objects.create(name="Ukraine")
    rename(tag, "ukraine-krieg")
    client.force_login(editor)
    html = client.get(f"/admin/articles/tag/{tag.pk}/change/").text
    assert "Frühere Kurznamen" in html
    assert "ukraine</div>" in html


def test_deleting_an_object_drops_its_old_slugs(article, person):
    rename(person, "sergei-lavrov")
    article.delete()
    person.delete()
    assert not OldPersonSlug.objects.exists()
    assert not Person.objects.exists()

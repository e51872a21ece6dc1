"""Open Graph and Twitter cards, and the canonical link of every page kind."""

from datetime import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from newsroom import pagination

from .builders import jpeg, make_article, make_person
from .page_head import head_of

BERLIN = timezone.get_default_timezone()


pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def article(section):
    piece = make_article(
        section=section,
        headline="Treffen in Riad",
        teaser="Die Delegationen sprechen wieder.",
        publish_at=datetime(2025, 2, 18, 14, 30, tzinfo=BERLIN),
    )
    piece.bylines.create(person=make_person(name="Lena Hoffmann"))
    piece.tags.add("Diplomatie")
    return piece


def test_article_card(client, article):
    head = head_of(client.get(article.get_absolute_url()))
    url = "http://testserver/politik/2025/02/18/treffen-in-riad/"
    assert head.one("og:type") == "article"
    assert head.one("og:title") == "Treffen in Riad"
    assert head.one("og:description") == "Die Delegationen sprechen wieder."
    assert head.one("og:url") == url
    assert head.one("og:site_name") == "BerlinMorgen"
    assert head.one("og:locale") == "de_DE"
    assert head.one("article:published_time") == "2025-02-18T14:30:00+01:00"
    assert head.one("article:modified_time") == "2025-02-18T14:30:00+01:00"
    assert head.meta["article:author"] == ["http://testserver/personen/lena-hoffmann/"]
    assert head.one("article:section") == "Politik"
    assert head.meta["article:tag"] == ["Diplomatie"]
    assert head.one("twitter:card") == "summary"
    assert "og:image" not in head.meta
    assert head.canonical == url


def test_article_card_with_hero_image(client, article):
    article.hero_image.save("riad.jpg", ContentFile(jpeg(1600, 900)), save=False)
    article.hero_alt = "Zwei Delegationen an einem Tisch"
    article.save()
    article.tags.add("Ukraine")
    head = head_of(client.get(article.get_absolute_url()))
    stem = article.hero_image.name.rsplit(".", 1)[0]
    assert head.one("og:image") == f"http://testserver/media/renditions/{stem}-1280.jpg"
    assert head.one("og:image:width") == "1280"
    assert head.one("og:image:height") == "720"
    assert head.one("og:image:alt") == "Zwei Delegationen an einem Tisch"
    assert head.one("twitter:card") == "summary_large_image"
    assert sorted(head.meta["article:tag"]) == ["Diplomatie", "Ukraine"]
    # The new image is an update readers are told about.
    article.refresh_from_db()
    assert head.one("article:modified_time") == (
        timezone.localtime(article.updated_at).isoformat()
    )


def test_seo_description_wins_for_the_card(client, article):
    article.seo_description = "Kurz und knapp."
    article.save()
    head = head_of(client.get(article.get_absolute_url()))
    assert head.one("og:description") == "Kurz und knapp."
    assert head.one("description") == "Kurz und knapp."


def test_person_card(client, article):
    person = make_person(name="Sergej Lawrow", description="Außenminister Russlands")
    person.portrait.save("lawrow.jpg", ContentFile(jpeg(600, 800)), save=True)
    article.mentions.create(person=person)
    head = head_of(client.get(person.get_absolute_url()))
    stem = person.portrait.name.rsplit(".", 1)[0]
    assert head.one("og:type") == "profile"
    assert head.one("og:title") == "Sergej Lawrow"
    assert head.one("og:description") == "Außenminister Russlands"
    assert head.one("og:url") == "http://testserver/personen/sergej-lawrow/"
    assert head.one("og:locale") == "de_DE"
    assert head.one("og:image") == f"http://testserver/media/renditions/{stem}-600.jpg"
    assert head.one("og:image:width") == "600"
    assert head.one("og:image:height") == "800"
    assert head.one("og:image:alt") == "Sergej Lawrow"
    assert head.one("twitter:card") == "summary_large_image"
    assert "article:section" not in head.meta


def test_person_card_without_portrait(client, article):
    head = head_of(client.get("/personen/lena-hoffmann/"))
    assert head.one("og:type") == "profile"
    assert head.one("og:description") == "Lena Hoffmann"
    assert head.one("twitter:card") == "summary"
    assert "og:image" not in head.meta


def test_cards_escape_hostile_text(client, section):
    piece = make_article(section=section, headline='"><script>alert(1)</script>')
    response = client.get(piece.get_absolute_url())
    assert "<script>alert(1)" not in response.text
    assert head_of(response).one("og:title") == '"><script>alert(1)</script>'


@pytest.fixture
def one_per_page(monkeypatch):
    monkeypatch.setattr(pagination, "PER_PAGE", 1)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/", "/"),
        ("/?seite=2", "/?seite=2"),
        ("/politik/", "/politik/"),
        ("/politik/?seite=2", "/politik/?seite=2"),
        ("/themen/diplomatie/", "/themen/diplomatie/"),
        ("/themen/diplomatie/?seite=2", "/themen/diplomatie/?seite=2"),
        ("/archiv/2025/", "/archiv/2025/"),
        ("/archiv/2025/02/?seite=2", "/archiv/2025/02/?seite=2"),
        ("/archiv/2025/02/18/", "/archiv/2025/02/18/"),
        ("/personen/lena-hoffmann/", "/personen/lena-hoffmann/"),
        ("/personen/lena-hoffmann/?artikel=2", "/personen/lena-hoffmann/?artikel=2"),
        ("/personen/lena-hoffmann/?artikel=1", "/personen/lena-hoffmann/"),
        ("/personen/lena-hoffmann/?utm_source=x", "/personen/lena-hoffmann/"),
        ("/suche/", "/suche/"),
        ("/suche/?q=Riad", "/suche/?q=Riad"),
        ("/suche/?q=Riad&seite=2", "/suche/?q=Riad&seite=2"),
        (
            "/politik/2025/02/18/treffen-in-riad/?utm_source=feed",
            "/politik/2025/02/18/treffen-in-riad/",
        ),
    ],
)
def test_every_page_kind_has_an_absolute_canonical_link(
    client, article, one_per_page, url, canonical
):
    second = make_article(
        section=article.section,
        headline="Weiter in Riad",
        publish_at=datetime(2025, 2, 18, 16, 0, tzinfo=BERLIN),
    )
    second.tags.add("Diplomatie")
    second.bylines.create(person=article.bylines.get().person)
    head = head_of(client.get(url))
    assert head.canonical == f"http://testserver{canonical}"


def test_canonical_uses_the_requests_host(client, article, settings):
    settings.ALLOWED_HOSTS = ["www.berlinmorgen.example"]
    response = client.get(
        article.get_absolute_url(), HTTP_HOST="www.berlinmorgen.example", secure=True
    )
    head = head_of(response)
    url = "https://www.berlinmorgen.example/politik/2025/02/18/treffen-in-riad/"
    assert head.canonical == url
    assert head.one("og:url") == url


def test_a_foreign_host_gets_no_page(client, article, settings):
    settings.ALLOWED_HOSTS = ["www.berlinmorgen.example"]
    response = client.get(article.get_absolute_url(), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "evil.example" not in response.text

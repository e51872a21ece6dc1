"""What readers see on each kind of page, and the URLs that lead there."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import path
from django.utils import timezone

from articles.models import Article, Section, Tag
from newsroom import pagination
from people.models import Person

from .builders import make_article, make_person, make_section

BERLIN_REPORT = "Treffen in Riad: Neue Gespräche zwischen den USA und Russland"


def berlin_time(*args):
    return datetime(*args, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    return Article.objects.get(headline=BERLIN_REPORT)


def test_demo_report_page(client, demo):
    html = client.get(demo.get_absolute_url()).text
    assert f"<h1>{BERLIN_REPORT}</h1>" in html
    for subheading in [
        "Wer saß mit am Tisch?",
        "Ukraine bleibt Streitpunkt",
        "Zentrale Konflikte bleiben bestehen – USA und Russland Gespräche",
    ]:
        assert f"<h2>{subheading}</h2>" in html
    assert "18. Februar 2025, 14:30 Uhr" in html
    assert (
        '<a href="/personen/lena-hoffmann/">Lena Hoffmann</a> (mit Agenturen)' in html
    )
    assert 'Außenminister <a href="/personen/sergej-lawrow/">Sergej Lawrow</a>' in html
    assert 'US-Außenminister <a href="/personen/marco-rubio/">Rubio</a> wurde' in html
    assert '<a href="/themen/ukraine/">Ukraine</a>' in html
    assert '<a href="/politik/">Politik</a>' in html


def test_only_the_first_mention_of_a_person_is_linked(client, demo):
    html = client.get(demo.get_absolute_url()).text
    body = html.split('<div class="body">')[1].split("</div>")[0]
    assert body.count('href="/personen/marco-rubio/"') == 1
    assert "betonte US-Außenminister Rubio, dass" in body


def test_demo_person_page_lists_the_report_with_its_role(client, demo):
    response = client.get("/personen/sergej-lawrow/")
    assert response.status_code == 200
    assert "<h1>Sergej Lawrow</h1>" in response.text
    assert "Außenminister Russlands" in response.text
    assert BERLIN_REPORT in response.text
    assert "Hier als: Außenminister" in response.text


def test_author_page_lists_pieces_written(client, demo):
    response = client.get("/personen/lena-hoffmann/")
    assert "Artikel von Lena Hoffmann" in response.text
    assert BERLIN_REPORT in response.text


def test_home_has_lead_latest_and_sections(client, section):
    economy = make_section(name="Wirtschaft", slug="wirtschaft")
    now = timezone.now()
    make_article(section=section, headline="Der Aufmacher", publish_at=now)
    make_article(
        section=economy, headline="Eine Meldung", publish_at=now - timedelta(hours=2)
    )
    html = client.get("/").text
    assert html.count("teaser-lead") == 1
    assert html.index("Der Aufmacher") < html.index("Neueste Artikel")
    assert html.index("Neueste Artikel") < html.index("Eine Meldung")
    assert '<h2 id="ressort-politik"><a href="/politik/">Politik</a></h2>' in html
    assert '<h2 id="ressort-wirtschaft">' in html


def test_section_tag_and_archive_pages_list_pieces(client, section):
    piece = make_article(
        section=section,
        headline="Treffen in Riad",
        teaser="Die Delegationen sprechen.",
        publish_at=berlin_time(2025, 2, 18, 14, 30),
    )
    piece.tags.add("Ukraine")
    piece.bylines.create(person=make_person(name="Lena Hoffmann"))
    for url in [
        "/politik/",
        "/themen/ukraine/",
        "/archiv/2025/",
        "/archiv/2025/02/",
        "/archiv/2025/02/18/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.text.count("<h1") == 1, url
        assert "Treffen in Riad" in response.text, url
        assert "Die Delegationen sprechen." in response.text, url
        assert "Lena Hoffmann</a>" in response.text, url
        assert "18. Februar 2025, 14:30 Uhr" in response.text, url
    assert "Archiv: 18. Februar 2025" in client.get("/archiv/2025/02/18/").text
    assert "Archiv: Februar 2025" in client.get("/archiv/2025/02/").text


def test_archive_day_follows_berlin_time(client, section):
    make_article(
        section=section,
        headline="Kurz nach Mitternacht",
        publish_at=berlin_time(2025, 2, 19, 0, 30),
    )
    assert "Kurz nach Mitternacht" in client.get("/archiv/2025/02/19/").text
    assert "Kurz nach Mitternacht" not in client.get("/archiv/2025/02/18/").text


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/archiv/2025/2/", "/archiv/2025/02/"),
        ("/archiv/2025/2/8/", "/archiv/2025/02/08/"),
    ],
)
def test_archive_urls_have_one_canonical_form(client, db, url, canonical):
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == canonical


@pytest.mark.parametrize(
    "url", ["/archiv/2025/13/", "/archiv/2025/02/30/", "/archiv/0/", "/archiv/99999/"]
)
def test_impossible_dates_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_pagination_fetches_one_row_more_instead_of_counting(
    client, section, monkeypatch
):
    monkeypatch.setattr(pagination, "PER_PAGE", 2)
    now = timezone.now()
    for hour in range(5):
        make_article(
            section=section,
            headline=f"Stunde {hour}",
            publish_at=now - timedelta(hours=hour + 1),
        )
    first = client.get("/politik/").text
    assert "Stunde 0" in first and "Stunde 2" not in first
    assert 'rel="next" href="/politik/?seite=2"' in first
    second = client.get("/politik/?seite=2").text
    assert "Stunde 2" in second and 'rel="prev" href="/politik/"' in second
    third = client.get("/politik/?seite=3").text
    assert "Stunde 4" in third and 'rel="next"' not in third
    for page in ["4", "0", "abc", "²", str(pagination.MAX_PAGE + 1)]:
        assert client.get(f"/politik/?seite={page}").status_code == 404, page


def test_unknown_pages_get_the_friendly_404(client, db):
    for url in ["/gibt-es-nicht/", "/themen/nichts/", "/personen/niemand/", "/x/y/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Seite nicht gefunden" in response.text
        assert '<html lang="de">' in response.text


def crash(request):
    raise RuntimeError("kaputt")


urlpatterns = [path("kaputt/", crash)]


@pytest.mark.urls(__name__)
def test_a_crash_gets_the_friendly_500(client, db):
    client.raise_request_exception = False
    response = client.get("/kaputt/")
    assert response.status_code == 500
    assert "Da ist etwas schiefgegangen" in response.text
    assert '<html lang="de">' in response.text
    assert "kaputt" not in response.text


@pytest.mark.parametrize("prefix", sorted(Section.RESERVED_SLUGS))
def test_sections_cannot_take_the_sites_own_paths(db, prefix):
    with pytest.raises(ValidationError):
        Section(name=prefix.title(), slug=prefix).full_clean()


def test_site_paths_are_not_shadowed_by_sections(client, db):
    Tag.objects.create(name="Ukraine")
    assert client.get("/themen/ukraine/").status_code == 200
    assert client.get("/suche/").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_every_page_has_search_skip_link_and_landmarks(client, demo):
    person = Person.objects.get(slug="sergej-lawrow")
    for url in ["/", demo.get_absolute_url(), person.get_absolute_url(), "/suche/"]:
        html = client.get(url).text
        assert '<form class="search-form" role="search" action="/suche/"' in html
        assert '<a class="skip-link" href="#inhalt">' in html
        assert '<main id="inhalt"' in html
        assert '<nav class="section-nav" aria-label="Ressorts">' in html
        assert html.count("<h1") == 1, url


def test_canonical_links(client, demo):
    html = client.get(demo.get_absolute_url() + "?utm_source=feed").text
    assert (
        f'<link rel="canonical" href="http://testserver{demo.get_absolute_url()}">'
        in html
    )

"""schema.org JSON-LD on article and person pages, read back from the rendered HTML."""

from datetime import datetime, timedelta

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import Article
from articles.structured_data import LOGO

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
    piece.hero_image.save("riad.jpg", ContentFile(jpeg(1600, 900)), save=False)
    piece.hero_alt = "Zwei Delegationen an einem Tisch"
    piece.save()
    piece.bylines.create(person=make_person(name="Lena Hoffmann"), position=0)
    piece.bylines.create(person=make_person(name="Jonas Weber"), position=1)
    piece.mentions.create(
        person=make_person(name="Wladimir Putin", wikidata_id="Q7747"),
        role="Präsident",
    )
    piece.mentions.create(person=make_person(name="Juri Uschakow"))
    piece.tags.add("Diplomatie", "Ukraine")
    return piece


def test_news_article_carries_the_piece(client, article):
    head = head_of(client.get(article.get_absolute_url()))
    data = head.json_ld_of_type("NewsArticle")
    url = "http://testserver/politik/2025/02/18/treffen-in-riad/"
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Treffen in Riad"
    assert data["description"] == "Die Delegationen sprechen wieder."
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["datePublished"] == "2025-02-18T14:30:00+01:00"
    # The hero image came after publication: an update.
    article.refresh_from_db()
    assert data["dateModified"] == timezone.localtime(article.updated_at).isoformat()
    assert data["articleSection"] == "Politik"
    assert sorted(data["keywords"]) == ["Diplomatie", "Ukraine"]
    assert data["inLanguage"] == "de"


def test_image_lists_the_hero_renditions_largest_first(client, article, media):
    data = head_of(client.get(article.get_absolute_url())).json_ld_of_type(
        "NewsArticle"
    )
    stem = article.hero_image.name.rsplit(".", 1)[0]
    assert data["image"] == [
        f"http://testserver/media/renditions/{stem}-{width}.jpg"
        for width in (1280, 960, 640, 320)
    ]
    for url in data["image"]:
        assert (media / url.removeprefix("http://testserver/media/")).is_file()


def test_authors_and_people_mentioned_are_persons_with_pages(client, article):
    data = head_of(client.get(article.get_absolute_url())).json_ld_of_type(
        "NewsArticle"
    )
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Lena Hoffmann",
            "url": "http://testserver/personen/lena-hoffmann/",
        },
        {
            "@type": "Person",
            "name": "Jonas Weber",
            "url": "http://testserver/personen/jonas-weber/",
        },
    ]
    assert data["mentions"] == [
        {
            "@type": "Person",
            "name": "Wladimir Putin",
            "url": "http://testserver/personen/wladimir-putin/",
            "sameAs": ["https://www.wikidata.org/wiki/Q7747"],
        },
        {
            "@type": "Person",
            "name": "Juri Uschakow",
            "url": "http://testserver/personen/juri-uschakow/",
        },
    ]
    for person in data["author"] + data["mentions"]:
        path = person["url"].removeprefix("http://testserver")
        assert client.get(path).status_code == 200


def test_publisher_is_the_publication_with_its_logo(client, article, settings):
    settings.PUBLICATION_NAME = "Abendblatt Mitte"
    data = head_of(client.get(article.get_absolute_url())).json_ld_of_type(
        "NewsArticle"
    )
    assert data["publisher"] == {
        "@type": "NewsMediaOrganization",
        "name": "Abendblatt Mitte",
        "url": "http://testserver/",
        "logo": {
            "@type": "ImageObject",
            "url": "http://testserver/static/newsroom/logo.png",
            "width": 600,
            "height": 60,
        },
    }


def test_logo_file_has_the_size_the_data_claims():
    with Image.open(finders.find(LOGO["path"])) as logo:
        assert logo.format == "PNG"
        assert logo.size == (LOGO["width"], LOGO["height"])


def test_breadcrumbs_lead_from_home_through_the_section(client, article):
    data = head_of(client.get(article.get_absolute_url())).json_ld_of_type(
        "BreadcrumbList"
    )
    assert data["itemListElement"] == [
        {
            "@type": "ListItem",
            "position": 1,
            "name": "BerlinMorgen",
            "item": "http://testserver/",
        },
        {
            "@type": "ListItem",
            "position": 2,
            "name": "Politik",
            "item": "http://testserver/politik/",
        },
        {
            "@type": "ListItem",
            "position": 3,
            "name": "Treffen in Riad",
            "item": "http://testserver/politik/2025/02/18/treffen-in-riad/",
        },
    ]


def test_piece_without_image_or_people_has_no_such_fields(client, section):
    piece = make_article(section=section)
    data = head_of(client.get(piece.get_absolute_url())).json_ld_of_type("NewsArticle")
    assert "image" not in data
    assert data["dateModified"] == data["datePublished"]
    assert data["author"] == []
    assert data["mentions"] == []
    assert data["keywords"] == []
    assert "correction" not in data


def test_date_modified_follows_a_substantive_update(client, section):
    piece = make_article(section=section, publish_at=timezone.now() - timedelta(1))
    piece = Article.objects.get(pk=piece.pk)
    piece.body = "Ein neuer Absatz."
    piece.save()
    data = head_of(client.get(piece.get_absolute_url())).json_ld_of_type("NewsArticle")
    assert data["datePublished"] == timezone.localtime(piece.publish_at).isoformat()
    assert data["dateModified"] == timezone.localtime(piece.updated_at).isoformat()
    assert data["dateModified"] > data["datePublished"]


def test_corrections_travel_as_correction_comments(client, article):
    older = article.corrections.create(
        kind="correction", text="Uschakow, nicht Lawrow."
    )
    newer = article.corrections.create(
        kind="update", text="Die Delegationen reisen ab."
    )
    data = head_of(client.get(article.get_absolute_url())).json_ld_of_type(
        "NewsArticle"
    )
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "datePublished": timezone.localtime(correction.created_at).isoformat(),
            "text": text,
            "url": f"http://testserver{correction.get_absolute_url()}",
        }
        for correction, text in [
            (newer, "Aktualisierung: Die Delegationen reisen ab."),
            (older, "Korrektur: Uschakow, nicht Lawrow."),
        ]
    ]


HOSTILE = "</script><script>alert(1)</script> <!-- & Co"


def test_hostile_text_stays_inside_the_json(client, section):
    person = make_person(name=f"Eve {HOSTILE}", description=HOSTILE)
    piece = make_article(section=section, headline=HOSTILE, teaser=HOSTILE)
    piece.bylines.create(person=person)
    piece.tags.add(HOSTILE)
    for url in [piece.get_absolute_url(), person.get_absolute_url()]:
        response = client.get(url)
        head = head_of(response)
        assert "<script>alert(1)" not in response.text
        assert "<!--" not in "".join(head.json_ld_texts)
        blocks = head.json_ld
        assert len(blocks) == (2 if url == piece.get_absolute_url() else 1)
    article_page = head_of(client.get(piece.get_absolute_url()))
    data = article_page.json_ld_of_type("NewsArticle")
    assert data["headline"] == HOSTILE
    assert data["description"] == HOSTILE
    assert data["keywords"] == [HOSTILE]
    assert data["author"][0]["name"] == f"Eve {HOSTILE}"
    trail = article_page.json_ld_of_type("BreadcrumbList")["itemListElement"]
    assert trail[2]["name"] == HOSTILE
    person_page = head_of(client.get(person.get_absolute_url()))
    assert person_page.json_ld_of_type("Person")["description"] == HOSTILE


def test_person_page_describes_the_person(client, section):
    person = make_person(
        name="Wladimir Putin", description="Präsident Russlands", wikidata_id="Q7747"
    )
    person.portrait.save("putin.jpg", ContentFile(jpeg(800, 1000)), save=True)
    make_article(section=section).mentions.create(person=person)
    data = head_of(client.get(person.get_absolute_url())).json_ld_of_type("Person")
    stem = person.portrait.name.rsplit(".", 1)[0]
    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Wladimir Putin",
        "url": "http://testserver/personen/wladimir-putin/",
        "sameAs": ["https://www.wikidata.org/wiki/Q7747"],
        "description": "Präsident Russlands",
        "image": f"http://testserver/media/renditions/{stem}-800.jpg",
    }


def test_person_without_portrait_or_wikidata(client, section):
    person = make_person(name="Lena Hoffmann")
    make_article(section=section).bylines.create(person=person)
    data = head_of(client.get(person.get_absolute_url())).json_ld_of_type("Person")
    assert data == {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": "Lena Hoffmann",
        "url": "http://testserver/personen/lena-hoffmann/",
    }


def test_drafts_leave_no_trace_in_the_json_ld(client, section):
    piece = make_article(section=section)
    secret = make_person(name="Geheime Quelle")
    piece.mentions.create(person=make_person(name="Offene Quelle"))
    draft = make_article(
        section=section, status=Article.Status.DRAFT, headline="Geheimer Entwurf"
    )
    draft.mentions.create(person=secret)
    html = client.get(piece.get_absolute_url()).text
    assert "Geheim" not in html

"""Hero images and portraits: validated uploads, resized renditions in srcset."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from newsroom import images
from people.models import Person

from .builders import article_form_data, jpeg, make_article, make_person

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def article(section):
    piece = make_article(section=section, headline="Treffen in Riad")
    piece.hero_image.save("riad.jpg", ContentFile(jpeg(1600, 900)), save=False)
    piece.hero_alt = "Zwei Delegationen an einem langen Tisch"
    piece.hero_caption = "Die Delegationen in Riad"
    piece.hero_credit = "Agentur"
    piece.save()
    return piece


def test_article_page_serves_renditions_with_srcset(client, article, media):
    html = client.get(article.get_absolute_url()).text
    stem = article.hero_image.name.rsplit(".", 1)[0]
    for width in (320, 640, 960, 1280):
        assert f"/media/renditions/{stem}-{width}.webp {width}w" in html
        assert f"/media/renditions/{stem}-{width}.jpg {width}w" in html
        with Image.open(media / "renditions" / f"{stem}-{width}.webp") as rendition:
            assert rendition.size == (width, round(900 * width / 1600))
    assert '<source type="image/webp"' in html
    assert 'sizes="(min-width: 44rem) 42rem, 100vw"' in html
    assert 'width="1600" height="900"' in html
    assert 'alt="Zwei Delegationen an einem langen Tisch"' in html
    assert "Die Delegationen in Riad" in html and "Foto: Agentur" in html


def test_renditions_are_made_once(client, article, monkeypatch):
    client.get(article.get_absolute_url())

    def fail(*args, **kwargs):
        raise AssertionError("renditions made twice")

    monkeypatch.setattr(images, "_resize", fail)
    client.get(article.get_absolute_url())
    cache.clear()  # another server process: the files are still there
    assert client.get(article.get_absolute_url()).status_code == 200


def test_small_images_are_never_upscaled():
    assert images.target_widths(500) == [320, 500]
    assert images.target_widths(200) == [200]
    assert images.target_widths(4000) == [320, 640, 960, 1280]


def test_transparent_png_gets_a_jpeg_fallback(db, media):
    person = make_person(name="Sergej Lawrow")
    person.portrait.save("lawrow.png", ContentFile(jpeg(400, 400, "RGBA", "PNG")))
    picture = images.picture_for(person.portrait)
    assert (picture.width, picture.height) == (400, 400)
    assert picture.fallback.srcset.endswith("lawrow-400.jpg 400w")
    assert picture.sources[0].mime_type == "image/webp"


def test_a_broken_image_does_not_break_the_page(client, section):
    broken = make_article(section=section, headline="Kaputtes Bild")
    broken.hero_image.name = "articles/kaputt.jpg"
    broken.hero_image.storage.save("articles/kaputt.jpg", ContentFile(b"kein Bild"))
    broken.save(update_fields=["hero_image"])
    response = client.get(broken.get_absolute_url())
    assert response.status_code == 200
    assert "/media/articles/kaputt.jpg" in response.text


def test_portrait_on_person_page(client, db):
    person = Person.objects.create(name="Sergej Lawrow")
    person.portrait.save("lawrow.jpg", ContentFile(jpeg(600, 600)))
    make_article().mentions.create(person=person)
    html = client.get(person.get_absolute_url()).text
    assert 'alt="Sergej Lawrow"' in html
    assert "lawrow-320.webp 320w" in html


def test_upload_that_is_not_an_image_is_refused(admin_client, section):
    data = article_form_data(section=section.pk)
    data["hero_image"] = SimpleUploadedFile("riad.jpg", b"<script>", "image/jpeg")
    response = admin_client.post("/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "Bitte ein gültiges Bild hochladen" in response.text


def test_the_page_renders_while_the_cache_is_down(client, article):
    person = make_person(name="Sergej Lawrow")
    article.body = "<p>Sergej Lawrow kam nach Riad.</p>"
    article.save()
    article.mentions.create(person=person)
    unreachable = {
        "BACKEND": "newsroom.redis_cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
    with override_settings(CACHES={"default": unreachable}, PAGE_CACHE_SECONDS=600):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.text
    assert ".webp 640w" in html
    assert f'<a href="{person.get_absolute_url()}">Sergej Lawrow</a>' in html
    assert "ETag" in response
    assert "Last-Modified" not in response

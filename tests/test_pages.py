"""The newsroom's own pages: Impressum, Datenschutz, Kontakt and any the newsroom
adds, edited in the admin with revisions, linked in the footer of every page."""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, PreviewLink, Section, Tag
from pages.models import Page, PageRevision

from .builders import make_article, make_person

PAGE_ADD = reverse("admin:pages_page_add")
REVISIONS = reverse("admin:pages_pagerevision_changelist")


def make_page(title="Impressum", slug="impressum", body="Text.", **fields):
    page = Page(title=title, slug=slug, body=body, **fields)
    page.full_clean()
    page.save()
    return page


def page_form_data(page=None, **overrides):
    data = {
        "title": page.title if page else "Impressum",
        "slug": page.slug if page else "impressum",
        "body": page.body if page else "## Angaben gemäß § 5 DDG\n\nMusterstraße 1",
        "in_footer": "on",
        "position": "0",
    }
    data.update(overrides)
    return data


@pytest.fixture
def impressum(db):
    return make_page(body="## Angaben gemäß § 5 DDG\n\nMusterstraße 1")


class TestPageView:
    def test_renders_markdown(self, client, impressum):
        response = client.get("/impressum/")
        assert response.status_code == 200
        html = response.text
        assert "<h1>Impressum</h1>" in html
        assert html.count("<h1>") == 1
        assert "<h2>Angaben gemäß § 5 DDG</h2>" in html
        assert "<p>Musterstraße 1</p>" in html
        assert '<link rel="canonical" href="http://testserver/impressum/">' in html
        assert "Stand:" in html

    def test_markdown_is_sanitised(self, client, db):
        page = make_page(
            title="Kontakt",
            slug="kontakt",
            body=(
                "Schreiben Sie uns.\n\n<script>alert('x')</script>\n\n"
                '<img src=x onerror="alert(1)">\n\n[Klick](javascript:alert(2))'
            ),
        )
        assert "<script" not in page.body_html
        html = client.get("/kontakt/").text
        assert "<script>alert" not in html
        assert "onerror" not in html
        assert 'href="javascript:' not in html
        assert "Schreiben Sie uns." in html

    def test_unknown_slug_is_not_found(self, client, db):
        response = client.get("/gibt-es-nicht/")
        assert response.status_code == 404
        assert "Seite nicht gefunden" in response.text

    def test_query_count(self, client, impressum, django_assert_num_queries):
        # no section by that slug, the page, sections in the navigation, footer
        with django_assert_num_queries(4):
            client.get("/impressum/")

    def test_section_page_costs_no_extra_query(
        self, client, section, django_assert_num_queries
    ):
        make_page()
        # section, its pieces, sections in the navigation, footer (no pieces:
        # no bylines query)
        with django_assert_num_queries(4):
            response = client.get("/politik/")
        assert "<h1>Politik</h1>" in response.text


class TestFooter:
    @pytest.fixture
    def newsroom(self, section, editor):
        make_page(title="Impressum", slug="impressum", position=1)
        make_page(title="Datenschutz", slug="datenschutz", position=2)
        make_page(title="Kontakt", slug="kontakt", position=3)
        make_page(title="Alte Seite", slug="alte-seite", in_footer=False)
        article = make_article(section=section, headline="Treffen in Riad")
        article.tags.add("Diplomatie")
        author = make_person(name="Lena Hoffmann")
        article.bylines.create(person=author)
        draft = make_article(section=section, status=Article.Status.DRAFT)
        _link, token = PreviewLink.make(draft, by=editor)
        return {
            "home": "/",
            "article": article.get_absolute_url(),
            "section": "/politik/",
            "tag": Tag.objects.get(name="Diplomatie").get_absolute_url(),
            "person": author.get_absolute_url(),
            "archive": f"/archiv/{timezone.localtime(article.publish_at).year}/",
            "search": "/suche/?q=Riad",
            "corrections": "/korrekturen/",
            "page": "/datenschutz/",
            "preview": reverse("articles:preview", args=[token]),
            "not-found": "/gibt-es-nicht/",
        }

    @pytest.mark.parametrize(
        "kind",
        [
            "home",
            "article",
            "section",
            "tag",
            "person",
            "archive",
            "search",
            "corrections",
            "page",
            "preview",
            "not-found",
        ],
    )
    def test_every_page_links_the_newsrooms_pages(self, client, newsroom, kind):
        html = client.get(newsroom[kind]).text
        footer = html[html.index('<footer class="site-footer">') :]
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)
        assert links == [
            ("/impressum/", "Impressum"),
            ("/datenschutz/", "Datenschutz"),
            ("/kontakt/", "Kontakt"),
            ("/korrekturen/", "Korrekturen"),
        ]

    def test_page_out_of_the_footer_is_still_reachable(self, client, newsroom):
        assert "<h1>Alte Seite</h1>" in client.get("/alte-seite/").text


class TestSlugs:
    def test_page_cannot_take_a_sections_slug(self, section):
        with pytest.raises(ValidationError, match="Ressorts „Politik“"):
            make_page(title="Politik", slug="politik")

    def test_section_cannot_take_a_pages_slug(self, impressum):
        with pytest.raises(ValidationError, match="Seite „Impressum“"):
            Section(name="Impressum", slug="impressum").full_clean()

    @pytest.mark.parametrize("slug", sorted(Section.RESERVED_SLUGS))
    def test_page_cannot_take_the_sites_own_paths(self, db, slug):
        with pytest.raises(ValidationError, match="reserviert"):
            make_page(title=slug.title(), slug=slug)

    def test_admin_refuses_page_with_a_sections_slug(self, client, editor, section):
        client.force_login(editor)
        response = client.post(PAGE_ADD, page_form_data(slug="politik"))
        assert response.status_code == 200
        assert "schon die Adresse des Ressorts „Politik“" in response.text
        assert not Page.objects.exists()

    def test_admin_refuses_section_with_a_pages_slug(self, client, editor, impressum):
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_section_add"),
            {"name": "Impressum", "slug": "impressum", "position": "0"},
        )
        assert response.status_code == 200
        assert "schon die Adresse der Seite „Impressum“" in response.text
        assert not Section.objects.filter(slug="impressum").exists()


class TestAdmin:
    def test_editor_adds_a_page(self, client, editor):
        client.force_login(editor)
        response = client.post(PAGE_ADD, page_form_data())
        assert response.status_code == 302
        page = Page.objects.get()
        assert "<h2>Angaben gemäß § 5 DDG</h2>" in page.body_html
        revision = page.revisions.get()
        assert (revision.title, revision.created_by) == ("Impressum", editor)
        assert "Impressum" in client.get("/").text

    @pytest.mark.parametrize(
        "field, value",
        [("title", ""), ("slug", "Kein Slug!"), ("body", ""), ("position", "-1")],
    )
    def test_bad_input_changes_nothing(self, client, editor, impressum, field, value):
        client.force_login(editor)
        response = client.post(
            reverse("admin:pages_page_change", args=[impressum.pk]),
            page_form_data(impressum, **{field: value}),
        )
        assert response.status_code == 200
        assert field in response.context["adminform"].form.errors
        assert impressum.revisions.count() == 1

    def test_every_save_is_a_revision_and_restorable(self, client, editor):
        client.force_login(editor)
        client.post(PAGE_ADD, page_form_data(body="Erste Fassung."))
        page = Page.objects.get()
        change = reverse("admin:pages_page_change", args=[page.pk])
        client.post(change, page_form_data(page, body="Zweite Fassung."))
        client.post(
            change, page_form_data(page, title="Impressum neu", body="Dritte Fassung.")
        )
        assert [r.body for r in page.revisions.all()] == [
            "Dritte Fassung.",
            "Zweite Fassung.",
            "Erste Fassung.",
        ]

        form = client.get(change).text
        assert f'href="{REVISIONS}?page__id__exact={page.pk}"' in form
        listing = client.get(REVISIONS, {"page__id__exact": page.pk})
        assert listing.status_code == 200
        assert "Impressum neu" in listing.text
        assert "Ausgewählte Version wiederherstellen" in listing.text

        first = page.revisions.get(body="Erste Fassung.")
        response = client.post(
            REVISIONS,
            {"action": "restore_revision", "_selected_action": [first.pk]},
            follow=True,
        )
        assert "hat wieder den Text vom" in response.text
        page.refresh_from_db()
        assert (page.title, page.body) == ("Impressum", "Erste Fassung.")
        assert "Erste Fassung." in client.get("/impressum/").text
        # The restore is itself a revision; nothing was deleted.
        assert page.revisions.count() == 4
        newest = page.revisions.first()
        assert (newest.body, newest.created_by) == ("Erste Fassung.", editor)

    def test_restore_needs_exactly_one_revision(self, client, editor, impressum):
        impressum.body = "Neu."
        impressum.save(by=editor)
        client.force_login(editor)
        response = client.post(
            REVISIONS,
            {
                "action": "restore_revision",
                "_selected_action": list(
                    impressum.revisions.values_list("pk", flat=True)
                ),
            },
            follow=True,
        )
        assert "genau eine Version" in response.text
        impressum.refresh_from_db()
        assert impressum.body == "Neu."

    def test_revisions_cannot_be_changed_or_deleted(self, client, editor, impressum):
        client.force_login(editor)
        revision = impressum.revisions.get()
        url = reverse("admin:pages_pagerevision_change", args=[revision.pk])
        assert client.get(url).status_code == 200  # view only
        client.post(url, {"title": "Gefälscht", "body": "x", "page": impressum.pk})
        revision.refresh_from_db()
        assert revision.title == "Impressum"
        delete = reverse("admin:pages_pagerevision_delete", args=[revision.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert PageRevision.objects.count() == 1

    def test_reporter_cannot_edit_pages(self, client, reporter, impressum):
        client.force_login(reporter)
        assert client.get(PAGE_ADD).status_code == 403
        change = reverse("admin:pages_page_change", args=[impressum.pk])
        client.post(change, page_form_data(impressum, body="Gefälscht."))
        impressum.refresh_from_db()
        assert impressum.body != "Gefälscht."
        assert client.get(REVISIONS).status_code == 403

    def test_admin_is_german(self, client, editor):
        client.force_login(editor)
        html = client.get(PAGE_ADD).text
        for label in ("Titel", "Kurzname in der URL", "In der Fußzeile verlinkt"):
            assert label in html


class TestDemo:
    @pytest.fixture
    def demo(self, db):
        call_command("load_demo", stdout=StringIO())

    def test_demo_ships_impressum_datenschutz_kontakt(self, client, demo):
        html = client.get("/").text
        footer = html[html.index('<footer class="site-footer">') :]
        for title, url in [
            ("Impressum", "/impressum/"),
            ("Datenschutz", "/datenschutz/"),
            ("Kontakt", "/kontakt/"),
        ]:
            assert f'<a href="{url}">{title}</a>' in footer
            assert f"<h1>{title}</h1>" in client.get(url).text

    def test_demo_impressum_has_the_legally_required_fields(self, client, demo):
        text = re.sub(r"<[^>]+>", "", client.get("/impressum/").text)
        for required in [
            "Angaben gemäß § 5 DDG",
            "Herausgeber: BerlinMorgen Demo-Verlag GmbH",
            "Anschrift: Musterstraße 1, 12345 Beispielstadt",
            "Vertreten durch: Erika Mustermann",
            "Telefon: +49 123 4567890",
            "E-Mail: redaktion@example.invalid",
            "Handelsregister: Amtsgericht Beispielstadt",
            "Umsatzsteuer-Identifikationsnummer",
            "Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV",
            "Max Mustermann, Chefredakteur, Musterstraße 1, 12345 Beispielstadt",
            "erfundene Werte",
        ]:
            assert required in text

    def test_demo_pages_are_idempotent_and_keep_edits(self, demo, editor):
        impressum = Page.objects.get(slug="impressum")
        impressum.body = "Von der Redaktion geändert."
        impressum.save(by=editor)
        counts = (Page.objects.count(), PageRevision.objects.count())
        call_command("load_demo", stdout=StringIO())
        assert (Page.objects.count(), PageRevision.objects.count()) == counts
        assert Page.objects.get(slug="impressum").body == "Von der Redaktion geändert."

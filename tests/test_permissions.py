"""The permission matrix, through the real admin views."""

import pytest
from django.urls import reverse

from articles.models import Article

from .builders import article_form_data, make_article

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def own_draft(reporter, section):
    return make_article(status=Status.DRAFT, created_by=reporter, section=section)


@pytest.fixture
def others_draft(other_reporter, section):
    return make_article(status=Status.DRAFT, created_by=other_reporter, section=section)


class TestAnonymous:
    @pytest.mark.parametrize("url", [CHANGELIST, ADD])
    def test_is_sent_to_login(self, client, db, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))

    def test_cannot_post_a_piece(self, client, section):
        response = client.post(ADD, article_form_data(section=section.pk))
        assert response.status_code == 302
        assert not Article.objects.exists()

    def test_cannot_preview(self, client, own_draft):
        url = reverse("admin:articles_article_preview", args=[own_draft.pk])
        assert client.get(url).status_code == 302


class TestReporter:
    def test_sees_only_own_pieces(self, client, reporter, own_draft, others_draft):
        client.force_login(reporter)
        response = client.get(CHANGELIST)
        assert response.status_code == 200
        assert own_draft.headline in response.text
        assert others_draft.headline not in response.text

    def test_adds_a_draft(self, client, reporter, section):
        client.force_login(reporter)
        assert client.get(ADD).status_code == 200
        response = client.post(ADD, article_form_data(section=section.pk))
        assert response.status_code == 302
        article = Article.objects.get()
        assert article.status == Status.DRAFT
        assert article.created_by == reporter

    def test_changes_own_draft_and_submits_it(self, client, reporter, own_draft):
        client.force_login(reporter)
        data = article_form_data(own_draft, headline="Neu", status="review")
        response = client.post(change_url(own_draft), data)
        assert response.status_code == 302
        own_draft.refresh_from_db()
        assert (own_draft.headline, own_draft.status) == ("Neu", Status.REVIEW)

    def test_cannot_change_others_piece(self, client, reporter, others_draft):
        client.force_login(reporter)
        client.post(
            change_url(others_draft), article_form_data(others_draft, headline="X")
        )
        others_draft.refresh_from_db()
        assert others_draft.headline != "X"
        assert client.get(change_url(others_draft)).status_code == 302

    def test_forged_publish_on_add_fails(self, client, reporter, section):
        client.force_login(reporter)
        data = article_form_data(section=section.pk, status="published")
        response = client.post(ADD, data)
        assert response.status_code == 200
        assert "status" in response.context["adminform"].form.errors
        assert not Article.objects.exists()

    def test_forged_publish_of_own_draft_fails(self, client, reporter, own_draft):
        client.force_login(reporter)
        data = article_form_data(own_draft, status="published", headline="Geändert")
        response = client.post(change_url(own_draft), data)
        assert response.status_code == 200
        own_draft.refresh_from_db()
        assert (own_draft.status, own_draft.headline) != (Status.PUBLISHED, "Geändert")
        assert own_draft.status == Status.DRAFT

    def test_cannot_edit_own_published_piece(self, client, reporter, section):
        published = make_article(created_by=reporter, section=section)
        client.force_login(reporter)
        response = client.post(
            change_url(published), article_form_data(published, headline="X")
        )
        assert response.status_code == 403
        published.refresh_from_db()
        assert published.headline != "X"

    def test_bulk_publish_is_refused(self, client, reporter, own_draft):
        client.force_login(reporter)
        client.post(
            CHANGELIST,
            {"action": "publish_selected", "_selected_action": [own_draft.pk]},
        )
        own_draft.refresh_from_db()
        assert own_draft.status == Status.DRAFT

    def test_publish_option_not_offered(self, client, reporter):
        client.force_login(reporter)
        response = client.get(ADD)
        choices = [
            value
            for value, _ in response.context["adminform"].form.fields["status"].choices
        ]
        assert choices == ["draft", "review"]

    def test_cannot_delete(self, client, reporter, own_draft):
        client.force_login(reporter)
        url = reverse("admin:articles_article_delete", args=[own_draft.pk])
        client.post(url, {"post": "yes"})
        assert Article.objects.filter(pk=own_draft.pk).exists()


class TestEditor:
    def test_sees_every_piece(self, client, editor, own_draft, others_draft):
        client.force_login(editor)
        response = client.get(CHANGELIST)
        assert own_draft.headline in response.text
        assert others_draft.headline in response.text

    def test_changes_others_piece(self, client, editor, others_draft):
        client.force_login(editor)
        response = client.post(
            change_url(others_draft),
            article_form_data(others_draft, headline="Redigiert"),
        )
        assert response.status_code == 302
        others_draft.refresh_from_db()
        assert others_draft.headline == "Redigiert"

    def test_publishes_through_the_form(self, client, editor, others_draft):
        client.force_login(editor)
        client.post(
            change_url(others_draft),
            article_form_data(others_draft, status="published"),
        )
        others_draft.refresh_from_db()
        assert others_draft.is_live

    def test_bulk_publish_and_unpublish(self, client, editor, own_draft, others_draft):
        client.force_login(editor)
        selected = [own_draft.pk, others_draft.pk]
        client.post(
            CHANGELIST, {"action": "publish_selected", "_selected_action": selected}
        )
        assert Article.objects.published().count() == 2
        client.post(
            CHANGELIST, {"action": "unpublish_selected", "_selected_action": selected}
        )
        assert Article.objects.published().count() == 0

    def test_adds_published_piece_with_clashing_slug(self, client, editor, section):
        make_article(slug="riad", section=section)
        client.force_login(editor)
        data = article_form_data(section=section.pk, slug="riad", status="published")
        response = client.post(ADD, data)
        assert response.status_code == 302
        assert Article.objects.filter(slug="riad-2").exists()

    def test_preview_of_draft_is_noindex_and_uncached(
        self, client, editor, others_draft
    ):
        client.force_login(editor)
        url = reverse("admin:articles_article_preview", args=[others_draft.pk])
        response = client.get(url)
        assert response.status_code == 200
        assert others_draft.headline in response.text
        assert "Vorschau" in response.text
        assert '<meta name="robots" content="noindex, nofollow">' in response.text
        assert "no-cache" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"

    def test_people_sections_and_tags(self, client, editor):
        client.force_login(editor)
        for model in ("people_person", "articles_section", "articles_tag"):
            assert client.get(reverse(f"admin:{model}_add")).status_code == 200

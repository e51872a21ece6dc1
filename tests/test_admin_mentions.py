import pytest
from django.urls import reverse

from articles.models import Mention

from .builders import article_form_data, make_article, make_person


@pytest.fixture
def people(db):
    return {
        "lawrow": make_person(name="Sergej Lawrow", aliases="Lavrov"),
        "putin": make_person(name="Wladimir Putin"),
    }


@pytest.fixture
def article(section, people):
    return make_article(
        section=section,
        headline="Lawrow in Riad",
        body="Außenminister Lawrow sprach. Putins Berater schwieg. "
        "Kreml-Sprecher Dmitri Peskow bestätigte.",
    )


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_save_proposes_people_found(client, editor, article):
    client.force_login(editor)
    response = client.post(change_url(article), article_form_data(article), follow=True)
    assert "Gefundene Personen vorgeschlagen" in response.text
    mentions = {m.person.name: m for m in article.mentions.all()}
    assert set(mentions) == {"Sergej Lawrow", "Wladimir Putin"}
    assert mentions["Sergej Lawrow"].role == "Außenminister"
    assert not mentions["Sergej Lawrow"].confirmed


def test_form_shows_suggestions_with_one_step_creation(client, editor, article):
    client.force_login(editor)
    response = client.get(change_url(article))
    assert "Dmitri Peskow" in response.text
    add_url = reverse("admin:people_person_add")
    assert (
        f"{add_url}?name=Dmitri%20Peskow&amp;description=Kreml-Sprecher"
        in response.text
    )
    created = client.get(f"{add_url}?name=Dmitri%20Peskow&description=Kreml-Sprecher")
    assert created.context["adminform"].form.initial["name"] == "Dmitri Peskow"


def test_removed_mention_is_not_proposed_again(client, editor, article, people):
    client.force_login(editor)
    client.post(change_url(article), article_form_data(article))
    article.refresh_from_db()  # the next form is loaded at the new version
    lawrow = article.mentions.get(person=people["lawrow"])
    mentions = list(article.mentions.order_by("pk"))
    data = article_form_data(article)
    data.update(
        {
            "mentions-TOTAL_FORMS": str(len(mentions)),
            "mentions-INITIAL_FORMS": str(len(mentions)),
        }
    )
    for number, mention in enumerate(mentions):
        prefix = f"mentions-{number}"
        data.update(
            {
                f"{prefix}-id": mention.pk,
                f"{prefix}-article": article.pk,
                f"{prefix}-person": mention.person_id,
                f"{prefix}-role": mention.role,
                f"{prefix}-confirmed": "on",
            }
        )
        if mention == lawrow:
            data[f"{prefix}-DELETE"] = "on"
    client.post(change_url(article), data)
    assert not article.mentions.filter(person=people["lawrow"]).exists()
    assert article.mentions.get(person=people["putin"]).confirmed

    article.refresh_from_db()
    client.post(change_url(article), article_form_data(article))
    assert not article.mentions.filter(person=people["lawrow"]).exists()
    assert article.mentions.filter(person=people["putin"]).exists()

    article.refresh_from_db()
    again = article_form_data(article, _find_people_again="1")
    response = client.post(change_url(article), again)
    assert response.status_code == 302
    assert article.mentions.filter(person=people["lawrow"]).exists()


def test_find_people_action(client, editor, article):
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "find_people", "_selected_action": [article.pk]},
    )
    assert Mention.objects.filter(article=article).count() == 2


def test_reporter_sees_no_create_link(client, reporter, section, people):
    article = make_article(
        section=section, status="draft", created_by=reporter, body="Peskow sprach."
    )
    client.force_login(reporter)
    response = client.get(change_url(article))
    assert response.status_code == 200
    assert "als Person anlegen" not in response.text

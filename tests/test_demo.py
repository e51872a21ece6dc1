import re

import pytest
from django.core.management import call_command

from articles.models import Article, Mention, Section, Tag
from people.models import Person, User

EXPECTED_ROLES = {
    "Marco Rubio": "US-Außenminister",
    "Mike Waltz": "nationaler Sicherheitsberater",
    "Steve Witkoff": "US-Sondergesandter",
    "Sergej Lawrow": "Außenminister",
    "Wladimir Putin": "",
    "Juri Uschakow": "außenpolitischer Berater",
    "Kirill Dmitrijew": "Chef des staatlichen Investitionsfonds",
    "Wolodymyr Selenskyj": "Präsident",
    "Pete Hegseth": "US-Verteidigungsminister",
    "Donald Trump": "Präsident",
}


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Person, Section, Tag, Mention, User)
    }


@pytest.fixture
def demo(db, capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def test_demo_article(demo):
    article = Article.objects.get()
    assert article.headline == (
        "Treffen in Riad: Neue Gespräche zwischen den USA und Russland"
    )
    assert article.teaser.startswith("USA und Russland Gespräche – Nach mehr als")
    assert re.findall(r"^## (.+)$", article.body, re.MULTILINE) == [
        "Wer saß mit am Tisch?",
        "Ukraine bleibt Streitpunkt",
        "Zentrale Konflikte bleiben bestehen – USA und Russland Gespräche",
    ]
    assert article.sign_off == (
        "USA und Russland Gespräche – Wir bleiben am Ball für Sie. BerlinMorgen."
    )
    assert "BerlinMorgen." not in article.body
    assert article.section.name == "Politik"
    assert article.is_live
    assert article.get_absolute_url() == (
        "/politik/2025/02/18/treffen-in-riad-neue-gespraeche-zwischen-den-usa-und-russland/"
    )
    assert [byline.role for byline in article.bylines.all()] == ["mit Agenturen"]


def test_demo_people_and_roles(demo):
    mentions = Mention.objects.select_related("person")
    assert {m.person.name: m.role for m in mentions} == EXPECTED_ROLES
    assert "Lavrov" in Person.objects.get(name="Sergej Lawrow").alias_list


def test_demo_tags(demo):
    names = set(Article.objects.get().tags.values_list("name", flat=True))
    assert {
        "USA",
        "Russland",
        "Ukraine",
        "Diplomatie",
        "Saudi-Arabien",
        "NATO",
    } <= names


def test_demo_accounts_get_random_passwords_printed_once(demo, capsys):
    passwords = dict(re.findall(r"Demo-Konto angelegt: (\w+) .*Passwort: (\S+)", demo))
    assert set(passwords) == {"redaktion", "reporter"}
    for username, password in passwords.items():
        assert User.objects.get(username=username).check_password(password)
    assert passwords["redaktion"] != passwords["reporter"]
    call_command("load_demo")
    assert "Passwort:" not in capsys.readouterr().out


def test_demo_is_idempotent(demo):
    before = table_counts()
    article = Article.objects.get()
    call_command("load_demo")
    assert table_counts() == before
    assert Article.objects.get().modified_at == article.modified_at

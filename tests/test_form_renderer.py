"""The form renderer writes the plainest widgets without templates, to the letter."""

import re

import pytest
from django import forms
from django.contrib import admin
from django.forms.renderers import DjangoTemplates
from django.urls import reverse
from django.utils.translation import gettext_lazy

from articles.desk_admin import RowAutocompleteSelect
from articles.models import Byline
from newsroom.form_renderer import WidgetRenderer

from .builders import make_article, make_person

TRICKY = 'Zölle & "Preise" <b>'


class EveryWidgetForm(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(attrs={"class": "vTextField", "maxlength": 200})
    )
    empty = forms.CharField(required=False, widget=forms.TextInput)
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"disabled": False}))
    checked = forms.BooleanField()
    unchecked = forms.BooleanField(required=False)
    email = forms.EmailField()
    choice = forms.ChoiceField(
        choices=[
            ("", "---"),
            ("a", gettext_lazy("Autor")),
            (TRICKY, [(TRICKY, TRICKY), ("x", "Andere")]),
        ]
    )
    multiple = forms.MultipleChoiceField(choices=[(1, "eins"), (2, "zwei")])
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    text_area = forms.CharField(widget=forms.Textarea)


def rendered(renderer, data):
    form = EveryWidgetForm(data, renderer=renderer)
    form.is_valid()
    return {
        name: (str(form[name]), str(form[name].errors), str(form.non_field_errors()))
        for name in form.fields
    }


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "text": TRICKY,
            "hidden": "0",
            "number": "7",
            "checked": "on",
            "email": "kein-name",
            "choice": TRICKY,
            "multiple": ["1", "2"],
        },
    ],
)
def test_each_widget_is_the_html_of_djangos_template(data):
    assert rendered(WidgetRenderer(), data) == rendered(DjangoTemplates(), data)


def autocomplete(widget_class, field):
    widget = widget_class(field, admin.site)
    widget.choices = forms.ModelChoiceField(field.related_model.objects).choices
    return widget


def test_the_autocomplete_of_an_inline_row_is_the_html_of_djangos(
    db, django_assert_num_queries
):
    person = make_person(name=TRICKY)
    field = Byline._meta.get_field("person")
    djangos = autocomplete(admin.widgets.AutocompleteSelect, field)
    rows = autocomplete(RowAutocompleteSelect, field)
    rows.chosen = person
    for value in [person.pk, None, ""]:
        expected = djangos.render("person", value, renderer=DjangoTemplates())
        assert djangos.render("person", value, renderer=WidgetRenderer()) == expected
        # The row's own person is shown without reading it again.
        with django_assert_num_queries(0):
            html = rows.render("person", value, renderer=WidgetRenderer())
        assert html == expected


def page_without_tokens(client, url):
    """The page without what differs from one request to the next: the CSRF token
    and the time a new correction proposes."""
    html = client.get(url).text
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)
    return re.sub(r'value="[0-9.:]+"', 'value=""', html)


def test_the_admin_pages_are_the_same_with_djangos_renderer(
    client, editor, section, settings
):
    client.force_login(editor)
    article = make_article(section=section, headline=TRICKY)
    article.bylines.create(person=make_person(), position=0)
    article.mentions.create(person=make_person(), position=0, matched_text="Nummer")
    article.tags.add("Handel")
    pages = [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_changelist") + "?q=Zölle",
        reverse("admin:articles_article_add"),
    ]
    ours = [page_without_tokens(client, url) for url in pages]
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    assert [page_without_tokens(client, url) for url in pages] == ours

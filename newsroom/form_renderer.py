"""The form renderer: the plainest, most repeated widgets written out in Python.

An article's change form has ~200 widgets (each inline row has a hidden id, a
hidden link to the piece, an autocomplete, a checkbox or two), and the article
list a checkbox per row. Through the template engine each costs ~0.3 ms, most of
it in the loop over the attributes; half the change form's time went there.
`WidgetRenderer` writes the inputs, selects and empty error lists of Django's own
templates directly, character for character the same HTML
(`tests/test_form_renderer.py` compares them); every other template still goes
through the engine.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
# Django's templates that are nothing but `{% include "…/input.html" %}`.
INPUT_TEMPLATES = {
    f"{WIDGETS}{kind}.html"
    for kind in ("input", "checkbox", "color", "date", "datetime", "email", "hidden")
    + ("number", "password", "search", "tel", "text", "time", "url")
}
SELECT_TEMPLATE = f"{WIDGETS}select.html"
OPTION_TEMPLATE = f"{WIDGETS}select_option.html"
ERROR_LIST_TEMPLATES = {
    "django/forms/errors/list/default.html",
    "django/forms/errors/list/ul.html",
}


def attributes(attrs):
    """As attrs.html: in their order; False leaves one out, True writes its name."""
    return mark_safe(
        "".join(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{conditional_escape(value)}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


def input_html(widget):
    value = widget["value"]
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        "" if value is None else format_html(' value="{}"', value),
        attributes(widget["attrs"]),
    )


def option_html(option):
    return format_html(
        '<option value="{}"{}>{}</option>',
        option["value"],
        attributes(option["attrs"]),
        option["label"],
    )


def select_html(widget):
    groups = []
    for group_name, options, _index in widget["optgroups"]:
        # Each option, as select.html includes it, ends in the template's newline.
        rendered = format_html_join(
            "", "\n  {}\n", ((option_html(option),) for option in options)
        )
        if group_name:
            rendered = format_html(
                '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, rendered
            )
        groups.append(rendered)
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        widget["name"],
        attributes(widget["attrs"]),
        format_html_join("", "{}", ((group,) for group in groups)),
    )


class WidgetRenderer(DjangoTemplates):
    """Django's default renderer, with the widgets above written out directly.

    Like Django's, it reads Django's own widget templates first, so no app can
    override them: writing these out cannot hide an override.
    """

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return input_html(context["widget"])
        if template_name == SELECT_TEMPLATE and all(
            option["template_name"] == OPTION_TEMPLATE
            for _name, options, _index in context["widget"]["optgroups"]
            for option in options
        ):
            return select_html(context["widget"])
        if template_name in ERROR_LIST_TEMPLATES and not context["errors"]:
            return ""
        return super().render(template_name, context, request)

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from newsroom.old_slugs import former_slugs

from .models import Person, User

admin.site.register(User, UserAdmin)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "description", "organisation", "country", "wikidata_id"]
    search_fields = ["name", "aliases"]
    list_filter = ["country"]
    autocomplete_fields = ["user"]
    readonly_fields = ["articles_written", "articles_mentioning", former_slugs]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    former_slugs,
                    "aliases",
                    "description",
                    "organisation",
                ]
            },
        ),
        (_("Mehr"), {"fields": ["country", "bio", "portrait", "wikidata_id", "user"]}),
        (_("Artikel"), {"fields": ["articles_written", "articles_mentioning"]}),
    ]

    class Media:
        js = ["admin/js/urlify.js", "newsroom/german_urlify.js"]

    def get_prepopulated_fields(self, request, obj=None):
        # Once a person has a page, their URL changes only by hand.
        return {} if obj else {"slug": ["name"]}

    @admin.display(description=_("als Autor/in"))
    def articles_written(self, person):
        return self._article_links(person.bylined_articles.order_by("-publish_at"))

    @admin.display(description=_("erwähnt in"))
    def articles_mentioning(self, person):
        return self._article_links(person.mentioned_in_articles.order_by("-publish_at"))

    def _article_links(self, articles):
        links = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (
                    reverse("admin:articles_article_change", args=[article.pk]),
                    article.headline,
                    article.get_status_display_with_schedule(),
                )
                for article in articles
            ),
        )
        return format_html("<ul>{}</ul>", links) if links else "–"

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.slugs import unique_slug
from people.models import Person, current_mention_index

from .models import Article, Byline, Correction, Mention, Section, Tag, TaggedArticle

# The submit button that saves and searches again, proposing removed people too.
FIND_AGAIN = "_find_people_again"


class ArticleAdminForm(forms.ModelForm):
    def clean_slug(self):
        # A slug another piece already has gets a suffix rather than an error.
        slug = self.cleaned_data["slug"]
        others = Article.objects.exclude(pk=self.instance.pk)
        if others.filter(slug=slug).exists():
            return unique_slug(others, slug, max_length=200)
        return slug


class GermanSlugMedia:
    js = ["admin/js/urlify.js", "newsroom/german_urlify.js"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    Media = GermanSlugMedia


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    Media = GermanSlugMedia

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(Count("tagged_articles"))

    @admin.display(description=_("Artikel"), ordering="tagged_articles__count")
    def article_count(self, tag):
        return tag.tagged_articles__count


class BylineInline(admin.TabularInline):
    model = Byline
    autocomplete_fields = ["person"]
    extra = 1


class MentionInline(admin.TabularInline):
    model = Mention
    autocomplete_fields = ["person"]
    fields = ["person", "role", "confirmed", "matched_text"]
    readonly_fields = ["matched_text"]
    extra = 1


class TaggedArticleInline(admin.TabularInline):
    model = TaggedArticle
    autocomplete_fields = ["tag"]
    extra = 1


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0


class StatusFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Entwurf")),
            ("review", _("In Prüfung")),
            ("scheduled", _("Geplant")),
            ("published", _("Veröffentlicht")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "draft" | "review" as status:
                return queryset.filter(status=status)
            case "scheduled":
                return queryset.scheduled()
            case "published":
                return queryset.published()
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    title = _("Autor/in")
    parameter_name = "author"

    def lookups(self, request, model_admin):
        authors = Person.objects.filter(
            Exists(Byline.objects.filter(person=OuterRef("pk")))
        )
        return [(person.pk, person.name) for person in authors.only("pk", "name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(bylines__person=self.value())
        return queryset


class TagFilter(admin.SimpleListFilter):
    title = _("Schlagwort")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        tags = Tag.objects.filter(
            Exists(TaggedArticle.objects.filter(tag=OuterRef("pk")))
        )
        return [(tag.slug, tag.name) for tag in tags]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


class CappedCountPaginator(Paginator):
    """Counts at most `CAP` rows, so a list page never counts the whole archive.

    Beyond the cap the list shows "10000" and its last page is page 100; filters
    and the search narrow it down.
    """

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list[: self.CAP].count()


class ArticleChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # The list never shows the text; at 100,000 pieces reading it costs.
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer("body", "body_html")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    paginator = CappedCountPaginator
    list_display = ["headline", "status_label", "section", "authors", "publish_at"]
    list_select_related = ["section"]
    list_filter = [
        StatusFilter,
        "section",
        TagFilter,
        AuthorFilter,
        "publish_at",
    ]
    search_fields = ["headline", "teaser", "body", "bylines__person__name"]
    # No date_hierarchy: it lists the years by truncating the date of every listed
    # piece (4.7 s at 100,000 pieces on SQLite); the publish_at filter remains.
    show_full_result_count = False
    actions = ["publish_selected", "unpublish_selected", "find_people"]
    inlines = [BylineInline, TaggedArticleInline, MentionInline, CorrectionInline]
    readonly_fields = ["first_published_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "teaser", "body", "sign_off"]}),
        (
            _("Veröffentlichung"),
            {
                "fields": [
                    "section",
                    "language",
                    "status",
                    "publish_at",
                    "first_published_at",
                    "updated_at",
                ]
            },
        ),
        (
            _("Aufmacherbild"),
            {"fields": ["hero_image", "hero_caption", "hero_credit", "hero_alt"]},
        ),
        (
            _("Suchmaschinen"),
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
    ]
    Media = GermanSlugMedia

    # Permissions: editors may do everything; reporters only their own unpublished
    # pieces, and never publish. Each rule is checked here, on the server.

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self.has_publish_permission(request):
            return True
        owned = Article.objects.owned_by(request.user).filter(pk=obj.pk).exists()
        return owned and obj.status != Article.Status.PUBLISHED

    def get_queryset(self, request):
        articles = (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("person"))
            )
        )
        if self.has_publish_permission(request):
            return articles
        return articles.filter(
            pk__in=Article.objects.owned_by(request.user).values("pk")
        )

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        # On PostgreSQL the readers' full-text search uses its GIN index, where
        # `icontains` on every body would read the whole archive.
        if search_term and connection.vendor == "postgresql":
            matches = Article.objects.search(search_term).values("pk")
            return queryset.filter(pk__in=matches), False
        return super().get_search_results(request, queryset, search_term)

    def get_prepopulated_fields(self, request, obj=None):
        # A piece's URL never changes by itself once it exists.
        return {} if obj else {"slug": ["headline"]}

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [
                (Article.Status.DRAFT, Article.Status.DRAFT.label),
                (Article.Status.REVIEW, Article.Status.REVIEW.label),
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if obj.status == Article.Status.PUBLISHED and not self.has_publish_permission(
            request
        ):
            raise PermissionDenied
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        # A person the editor removed is not proposed again for this piece.
        for mention in getattr(formset, "deleted_objects", []):
            if isinstance(mention, Mention):
                form.instance.dismiss_mention(mention.person)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and any(formset.has_changed() for formset in formsets):
            form.instance.mark_updated()
        self.propose_mentions(
            request, form.instance, include_dismissed=FIND_AGAIN in request.POST
        )

    def propose_mentions(self, request, article, include_dismissed=False):
        index = current_mention_index()
        detection = index.detect(article.mention_text())
        new_mentions = article.link_detected_people(detection, include_dismissed)
        if new_mentions:
            names = ", ".join(str(mention.person) for mention in new_mentions)
            self.message_user(
                request,
                _("Gefundene Personen vorgeschlagen (bitte prüfen): %(names)s")
                % {"names": names},
                messages.INFO,
            )

    def response_change(self, request, obj):
        if FIND_AGAIN in request.POST:
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None and request.method == "GET":
            detection = current_mention_index().detect(article.mention_text())
            extra_context["detection"] = Person.objects.describe_detection(detection)
            extra_context["can_add_person"] = request.user.has_perm("people.add_person")
        return super().change_view(request, object_id, form_url, extra_context)

    def view_on_site(self, article):
        return article.get_absolute_url() if article.is_live else None

    @admin.display(description=_("Status"), ordering="status")
    def status_label(self, article):
        return article.get_status_display_with_schedule()

    @admin.display(description=_("Autor/innen"))
    def authors(self, article):
        return ", ".join(byline.person.name for byline in article.bylines.all())

    @admin.action(
        description=_("Ausgewählte Artikel veröffentlichen"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        for article in queryset:
            article.publish()
        self.message_user(
            request,
            ngettext(
                "%d Artikel veröffentlicht.",
                "%d Artikel veröffentlicht.",
                len(queryset),
            )
            % len(queryset),
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Veröffentlichung der ausgewählten Artikel zurücknehmen"),
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        for article in queryset:
            article.unpublish()
        self.message_user(
            request,
            ngettext(
                "%d Artikel zurückgezogen.", "%d Artikel zurückgezogen.", len(queryset)
            )
            % len(queryset),
            messages.SUCCESS,
        )

    @admin.action(description=_("Erwähnte Personen suchen"), permissions=["change"])
    def find_people(self, request, queryset):
        for article in queryset:
            self.propose_mentions(request, article)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path(
                "<path:object_id>/vorschau/", preview, name="articles_article_preview"
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        response = render(
            request,
            "articles/article_detail.html",
            {"article": article, "preview": True},
        )
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response

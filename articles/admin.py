from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.old_slugs import former_slugs
from newsroom.slugs import unique_slug
from people.models import Person, current_mention_index

from .audit import AuditEntry
from .desk_admin import (
    FIND_AGAIN,
    BylineInline,
    EditorialDeskAdmin,
    MentionInline,
    TaggedArticleInline,
)
from .models import (
    Article,
    Byline,
    Correction,
    OldArticleSlug,
    PreviewLink,
    Section,
    StaleVersionError,
    Tag,
    TaggedArticle,
)
from .revisions import as_it_will_be
from .search import filter_by_text_and_authors


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        # The version the form was loaded at; saving checks it is still current.
        widgets = {"version": forms.HiddenInput}

    def clean_slug(self):
        # A slug another piece already has, or had and still redirects from, gets a
        # suffix rather than an error.
        slug = self.cleaned_data["slug"]
        others = Article.objects.exclude(pk=self.instance.pk)
        redirects = OldArticleSlug.objects.exclude(article_id=self.instance.pk)
        if others.filter(slug=slug).exists() or redirects.filter(slug=slug).exists():
            return unique_slug(others, slug, max_length=200, reserved=redirects)
        return slug


class PreviewLinkForm(forms.Form):
    expires_at = forms.DateTimeField(
        label=_("gültig bis"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        help_text=_("Höchstens 30 Tage; vorgeschlagen sind 48 Stunden."),
    )


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
    readonly_fields = [former_slugs]
    Media = GermanSlugMedia

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(Count("tagged_articles"))

    @admin.display(description=_("Artikel"), ordering="tagged_articles__count")
    def article_count(self, tag):
        # Links to the article list filtered by this tag.
        url = reverse("admin:articles_article_changelist")
        return format_html(
            '<a href="{}?tag={}">{}</a>', url, tag.slug, tag.tagged_articles__count
        )


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


class NameFilter(admin.SimpleListFilter):
    """A filter typed in by name, for choices too many to list as links.

    The sidebar shows a small form instead of a link per tag or author, so the
    list page does not read and render all of them. The parameter also takes the
    value links use (a tag's slug, a person's id).
    """

    template = "admin/articles/article/name_filter.html"

    def lookups(self, request, model_admin):
        value = self.value()
        self.found = list(self.find(value)) if value else []
        if not self.found:
            return [(value, value)] if value else []
        return [(value, ", ".join(str(found) for found in self.found))]

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        if self.value():
            return self.filter(queryset, self.found)
        return queryset

    def choices(self, changelist):
        others = {
            name: values
            for name, values in changelist.filter_params.items()
            if name != self.parameter_name
        }
        yield {
            "shown": self.lookup_choices[0][1] if self.lookup_choices else "",
            "unknown": bool(self.value()) and not self.found,
            "hidden": [
                (name, value) for name, values in others.items() for value in values
            ],
            "reset_url": changelist.get_query_string(remove=[self.parameter_name]),
        }


class AuthorFilter(NameFilter):
    title = _("Autor/in")
    parameter_name = "author"

    def find(self, value):
        if value.isascii() and value.isdigit():
            return Person.objects.filter(pk=value)
        return Person.objects.filter(name__iexact=value.strip())

    def filter(self, queryset, people):
        return queryset.filter(
            pk__in=Byline.objects.filter(person__in=people).values("article")
        )


class TagFilter(NameFilter):
    title = _("Schlagwort")
    parameter_name = "tag"

    def find(self, value):
        return Tag.objects.filter(Q(slug=value) | Q(name__iexact=value.strip()))

    def filter(self, queryset, tags):
        return queryset.filter(
            pk__in=TaggedArticle.objects.filter(tag__in=tags).values("content_object")
        )


class CappedCountPaginator(Paginator):
    """Counts at most `CAP` rows, so a list page never counts the whole archive.

    Beyond the cap the list shows "10000" and its last page is page 100; filters
    and the search narrow it down. The count needs no order.
    """

    CAP = 10_000

    def __init__(self, *args, bitmap_count=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.bitmap_count = bitmap_count

    @cached_property
    def count(self):
        capped = self.object_list.order_by()[: self.CAP]
        if not self.bitmap_count:
            return capped.count()
        # A full-text search on PostgreSQL: the planner thinks testing the stored
        # search vector row by row is cheap, but the vector is TOASTed and each
        # test costs ~12 µs, so for a common word it would scan the table (up to
        # 1.2 s at 100,000 pieces) where the GIN index answers in a bitmap (at
        # most ~80 ms). For this one count it may only use bitmap scans.
        with (
            transaction.atomic(using=capped.db),
            connections[capped.db].cursor() as cursor,
        ):
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            count = capped.count()
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_indexscan")
        return count


class ArticleChangeList(ChangeList):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django adds the list's filters to each row's link after resolving the
        # link again, once per row (a tenth of the list's time); they are the same
        # for every row, so `url_for_result` adds them and leaves Django none.
        self.filters_of_row_links, self.preserved_filters = self.preserved_filters, ""

    def url_for_result(self, result):
        url = super().url_for_result(result)
        if not self.filters_of_row_links:
            return url
        return f"{url}?{self.filters_of_row_links}"

    def get_queryset(self, request, exclude_parameters=None):
        # The list never shows the text; at 100,000 pieces reading it costs. Of the
        # authors it shows only the names.
        queryset = super().get_queryset(request, exclude_parameters)
        bylines = Byline.objects.select_related("person").only(
            "article", "person__name"
        )
        return queryset.defer("body", "body_html").prefetch_related(
            Prefetch("bylines", queryset=bylines)
        )


@admin.register(Article)
class ArticleAdmin(EditorialDeskAdmin, admin.ModelAdmin):
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
    # What `get_search_results` searches, through the search index.
    search_fields = ["headline", "teaser", "body", "bylines__person__name"]
    # No date_hierarchy: it lists the years by truncating the date of every listed
    # piece (4.7 s at 100,000 pieces on SQLite); the publish_at filter remains.
    show_full_result_count = False
    actions = ["publish_selected", "unpublish_selected", "find_people"]
    inlines = [BylineInline, TaggedArticleInline, MentionInline, CorrectionInline]
    readonly_fields = ["first_published_at", "updated_at", former_slugs]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    former_slugs,
                    "teaser",
                    "body",
                    "sign_off",
                    "version",
                ]
            },
        ),
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

    class Media:
        js = [*GermanSlugMedia.js, "articles/autosave.js"]
        css = {"all": ["articles/desk.css"]}

    # Permissions: editors may do everything; reporters only their own unpublished
    # pieces, and never publish. Each rule is checked here, on the server.

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Correction:
            for correction in formset.new_objects:
                AuditEntry.objects.record(
                    AuditEntry.Action.CORRECTION_ADDED,
                    form.instance,
                    request.user,
                    kind=correction.kind,
                )

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
        articles = super().get_queryset(request)
        if self.has_publish_permission(request):
            return articles
        return articles.filter(
            pk__in=Article.objects.owned_by(request.user).values("pk")
        )

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_search_results(self, request, queryset, search_term):
        # Headline, teaser and text through the search index (PostgreSQL's stored
        # vector, SQLite's FTS5), and the authors' names; never a scan of every text.
        return filter_by_text_and_authors(queryset, search_term), False

    def get_paginator(self, request, queryset, per_page, **kwargs):
        searched = bool(request.GET.get(SEARCH_VAR))
        bitmap_count = searched and connections[queryset.db].vendor == "postgresql"
        return self.paginator(queryset, per_page, bitmap_count=bitmap_count, **kwargs)

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
        return new_mentions

    def response_change(self, request, obj):
        if FIND_AGAIN in request.POST:
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # `obj` is the working copy changeform_view read; no need to read it again.
        if change and obj is not None and request.method == "GET":
            detection = current_mention_index().detect(obj.mention_text())
            context["detection"] = Person.objects.describe_detection(detection)
            context["can_add_person"] = request.user.has_perm("people.add_person")
            context.update(self.desk_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

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
        done = self.change_each(request, queryset, Article.publish)
        self.message_user(
            request,
            ngettext("%d Artikel veröffentlicht.", "%d Artikel veröffentlicht.", done)
            % done,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Veröffentlichung der ausgewählten Artikel zurücknehmen"),
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        done = self.change_each(request, queryset, Article.unpublish)
        self.message_user(
            request,
            ngettext("%d Artikel zurückgezogen.", "%d Artikel zurückgezogen.", done)
            % done,
            messages.SUCCESS,
        )

    @admin.action(description=_("Erwähnte Personen suchen"), permissions=["change"])
    def find_people(self, request, queryset):
        def find(article, by, source):
            with transaction.atomic():
                if self.propose_mentions(request, article):
                    article.claim_next_version()
                    article.save_revision(by, source=source)

        self.change_each(request, queryset, find)

    def change_each(self, request, queryset, change):
        """Apply `change(article, by=…, source=…)` to each piece; count the done.

        A piece someone saved after the list was read is left alone and named.
        """
        done, skipped = 0, []
        for article in queryset:
            try:
                change(article, by=request.user, source="admin action")
            except StaleVersionError:
                skipped.append(article.headline)
            else:
                done += 1
        if skipped:
            self.message_user(
                request,
                _(
                    "Inzwischen von jemand anderem geändert, daher nicht bearbeitet: "
                    "%(headlines)s"
                )
                % {"headlines": ", ".join(skipped)},
                messages.WARNING,
            )
        return done

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        preview_links = self.admin_site.admin_view(self.preview_links_view)
        return [
            path(
                "<path:object_id>/vorschau/", preview, name="articles_article_preview"
            ),
            path(
                "<path:object_id>/vorschau-links/",
                preview_links,
                name="articles_article_preview_links",
            ),
            *super().get_urls(),
        ]

    def preview_links_view(self, request, object_id):
        """Make, list and revoke the links that show a piece to outside reviewers."""
        article = self.get_object(request, object_id)
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        new_link_url = None
        initial = timezone.localtime() + PreviewLink.DEFAULT_LIFETIME
        form = PreviewLinkForm(initial={"expires_at": initial})
        if request.method == "POST" and "revoke" in request.POST:
            revoke = request.POST["revoke"]
            link = (
                revoke.isascii()
                and revoke.isdigit()
                and article.preview_links.filter(pk=revoke).first()
            )
            if not link:
                raise Http404
            link.revoke(by=request.user)
            self.message_user(request, _("Der Vorschau-Link ist widerrufen."))
            return HttpResponseRedirect(request.path)
        if request.method == "POST":
            form = PreviewLinkForm(request.POST)
            if form.is_valid():
                try:
                    _link, token = PreviewLink.make(
                        article,
                        by=request.user,
                        expires_at=form.cleaned_data["expires_at"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    new_link_url = request.build_absolute_uri(
                        reverse("articles:preview", args=[token])
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Vorschau-Links"),
            "form": form,
            "new_link_url": new_link_url,
            "links": article.preview_links.select_related("created_by"),
        }
        response = render(request, "admin/articles/article/preview_links.html", context)
        # The new link is shown once; no cache may keep a copy of it.
        add_never_cache_headers(response)
        return response

    def preview_view(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        with as_it_will_be(article) as shown:
            response = render(
                request,
                "articles/article_detail.html",
                {"article": shown, "preview": True},
            )
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex"
        return response

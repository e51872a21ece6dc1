from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin import GermanSlugMedia
from articles.desk_admin import ReadOnlyRecordAdmin

from .models import Page, PageRevision


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "in_footer", "position", "updated_at"]
    list_editable = ["in_footer", "position"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "body", "in_footer", "position", "revisions_link"]
    readonly_fields = ["revisions_link"]
    Media = GermanSlugMedia

    def save_model(self, request, obj, form, change):
        obj.save(by=request.user)

    @admin.display(description=_("Versionen"))
    def revisions_link(self, page):
        if page.pk is None:
            return "–"
        url = reverse("admin:pages_pagerevision_changelist")
        return format_html(
            '<a href="{}?page__id__exact={}">{}</a>',
            url,
            page.pk,
            _("Alle Versionen ansehen und wiederherstellen"),
        )


@admin.register(PageRevision)
class PageRevisionAdmin(ReadOnlyRecordAdmin):
    """Every saved version of every page, read-only; one can be restored."""

    list_display = ["title", "page", "created_by", "created_at"]
    list_filter = ["page"]
    list_select_related = ["page", "created_by"]
    fields = ["page", "title", "body", "created_by", "created_at"]
    actions = ["restore_revision"]

    def has_restore_permission(self, request):
        return request.user.has_perm("pages.change_page")

    @admin.action(
        description=_("Ausgewählte Version wiederherstellen"), permissions=["restore"]
    )
    def restore_revision(self, request, queryset):
        if len(queryset) != 1:
            self.message_user(
                request,
                _("Bitte genau eine Version zum Wiederherstellen auswählen."),
                messages.ERROR,
            )
            return
        revision = queryset[0]
        revision.restore(by=request.user)
        self.message_user(
            request,
            _("„%(page)s“ hat wieder den Text vom %(when)s.")
            % {
                "page": revision.page,
                "when": date_format(
                    timezone.localtime(revision.created_at), "j. F Y, H:i"
                ),
            },
            messages.SUCCESS,
        )

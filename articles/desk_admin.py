"""The editorial desk in the admin: versions, pending changes, conflicts, autosave.

`EditorialDeskAdmin` is the part of `ArticleAdmin` that deals with them, kept in its
own module so that `admin.py` stays readable. How a save works:

- The change form edits the *working copy*: the pending changes of a published
  piece if there are any, else the stored piece; with ``?fassung=entwurf`` the
  editor's own autosaved (or merged) draft. It carries the version it was loaded at.
- Saving stores the submitted snapshot (`revisions.store_snapshot`) or, with
  "Änderungen als Entwurf speichern", keeps it as pending changes. Both claim the
  next version; if the piece changed since the form was loaded, the save is refused,
  the submission kept as a `WorkingDraft` and the editor sent to the conflict page.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.db.models.fields.files import FieldFile
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import diffs
from .audit import AuditEntry
from .models import Article, Byline, Mention, StaleVersionError, Tag, TaggedArticle
from .revisions import (
    TEXT_FIELDS,
    EditorPresence,
    PendingChanges,
    Revision,
    WorkingDraft,
    discard_pending_changes,
    load_snapshot,
    publish_pending_changes,
    restore_deleted,
    restore_revision,
    row_snapshot,
    save_pending_changes,
    store_snapshot,
    take_snapshot,
    working_copy,
)

# The submit button that saves and searches again, proposing removed people too.
FIND_AGAIN = "_find_people_again"
# The submit button that keeps a published piece's changes away from readers.
SAVE_AS_PENDING = "_save_as_pending"
# ?fassung=entwurf opens the editor's own autosaved or merged draft.
DRAFT_PARAMETER, DRAFT_VALUE = "fassung", "entwurf"


class RowAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that shows its row's person or tag without another query.

    Django's autocomplete reads the chosen object for each row on its own; a piece
    has ~30 rows, whose people and tags are already read with the rows. An empty
    row (the extra one, the template for new rows) has nothing to read.
    """

    chosen = None  # the object the stored row refers to

    def optgroups(self, name, value, attr=None):
        chosen = self.chosen
        values = [str(item) for item in value if item not in ("", None)]
        if values and (chosen is None or values != [str(chosen.pk)]):
            return super().optgroups(name, value, attr)
        options = (
            [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        )
        if values:
            label = self.choices.field.label_from_instance(chosen)
            options.append(
                self.create_option(name, chosen.pk, label, True, len(options))
            )
        return [(None, options, 0)]


class SnapshotInlineForm(forms.ModelForm):
    """A row of an inline that is stored as part of the piece's snapshot.

    A save replaces all stored rows of the piece by the submitted ones, so being
    unique per piece is checked among the submitted rows (the formset does that),
    not against the rows stored now.
    """

    def __init__(self, *args, chosen=None, **kwargs):
        # `chosen`: for a row from a snapshot, its people or tags read beforehand,
        # by field name and id.
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if not isinstance(widget, RowAutocompleteSelect):
                continue
            if self.instance._meta.get_field(name).is_cached(self.instance):
                widget.chosen = getattr(self.instance, name)
            elif chosen:
                widget.chosen = chosen[name].get(self.initial.get(name))

    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass


class SnapshotInline(admin.TabularInline):
    """An inline whose rows come from the working copy's snapshot when it has one."""

    form = SnapshotInlineForm
    extra = 1

    def get_queryset(self, request):
        # The person or tag of each row, read with the rows.
        return super().get_queryset(request).select_related(*self.autocomplete_fields)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = RowAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A piece has ~30 rows; links to add, change or view the person or tag
        # beside every one of them cost more to render than they help (the person
        # list and the form's "als Person anlegen" remain).
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(
            formfield.widget, RelatedFieldWidgetWrapper
        ):
            formfield.widget = formfield.widget.widget
        return formfield

    def chosen_objects(self, rows):
        """The people or tags `rows` (from a snapshot) refer to, by field and id:
        one query per inline, not one per row."""
        return {
            name: self.model._meta.get_field(name).related_model.objects.in_bulk(
                {row[name] for row in rows}
            )
            for name in self.autocomplete_fields
        }

    def get_extra(self, request, obj=None, **kwargs):
        snapshot = getattr(obj, "loaded_snapshot", None)
        if snapshot is None or request.method != "GET":
            return self.extra
        return len(self.initial_rows(snapshot)) + self.extra


class BylineInline(SnapshotInline):
    model = Byline
    autocomplete_fields = ["person"]

    def initial_rows(self, snapshot):
        return [
            {"person": entry["person"], "role": entry["role"], "position": number}
            for number, entry in enumerate(snapshot["bylines"])
        ]

    @staticmethod
    def entries(formset):
        rows = sorted(
            enumerate(submitted_rows(formset)),
            key=lambda numbered: (numbered[1].position, numbered[0]),
        )
        return [
            {"person": row.person_id, "name": row.person.name, "role": row.role}
            for _, row in rows
        ]


class TaggedArticleInline(SnapshotInline):
    model = TaggedArticle
    autocomplete_fields = ["tag"]

    def initial_rows(self, snapshot):
        tags = Tag.objects.filter(name__in=snapshot["tags"])
        return [{"tag": tag.pk} for tag in tags]

    @staticmethod
    def entries(formset):
        return sorted({row.tag.name for row in submitted_rows(formset)})


class MentionInline(SnapshotInline):
    model = Mention
    autocomplete_fields = ["person"]
    fields = ["person", "role", "confirmed", "matched_text"]
    readonly_fields = ["matched_text"]

    def initial_rows(self, snapshot):
        return [
            {key: entry[key] for key in ("person", "role", "confirmed")}
            for entry in snapshot["mentions"]
        ]

    @staticmethod
    def entries(formset):
        return [
            {
                "person": row.person_id,
                "name": row.person.name,
                "role": row.role,
                "confirmed": row.confirmed,
                "matched_text": row.matched_text,
                "position": row.position,
            }
            for row in submitted_rows(formset)
        ]


SNAPSHOT_INLINES = {
    "bylines": BylineInline,
    "tags": TaggedArticleInline,
    "mentions": MentionInline,
}


def submitted_rows(formset):
    """The rows a valid formset would store: filled in and not marked for deletion."""
    return [
        form.instance
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def submitted_snapshot(form, formsets):
    """The snapshot of a valid article form and its inlines, without storing them.

    A newly uploaded image is put on the media storage, so the snapshot can name it.
    """
    article = form.instance
    if isinstance(article.hero_image, FieldFile) and article.hero_image:
        Article._meta.get_field("hero_image").pre_save(article, add=False)
    snapshot = row_snapshot(article)
    for formset in formsets:
        for key, inline in SNAPSHOT_INLINES.items():
            if formset.model is inline.model:
                snapshot[key] = inline.entries(formset)
    return snapshot


def refused_article(request, article):
    """The editor's refused save of `article`, if they have one."""
    return WorkingDraft.objects.filter(
        article=article, user=request.user, kind=WorkingDraft.Kind.REFUSED
    ).first()


class EditorialDeskAdmin:
    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        url_name = getattr(request.resolver_match, "url_name", None)
        if article is not None and url_name == "articles_article_change":
            self.load_working_copy(request, article)
        return article

    def load_working_copy(self, request, article):
        """Put what the editor works on onto `article` (the live row stays as it is).

        The stored status and version stay in `stored_is_live`, `stored_version`.
        """
        article.stored_is_live = article.is_live
        article.stored_version = article.version
        article.pending = PendingChanges.objects.filter(article=article).first()
        article.loaded_snapshot = None
        article.draft = None
        if request.GET.get(DRAFT_PARAMETER) == DRAFT_VALUE:
            article.draft = WorkingDraft.objects.filter(
                article=article, user=request.user, kind=WorkingDraft.Kind.AUTOSAVE
            ).first()
        source = article.draft or article.pending
        if source is not None:
            load_snapshot(article, source.snapshot)
            article.loaded_snapshot = source.snapshot
        if article.draft is not None:
            article.version = article.draft.version

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        snapshot = getattr(obj, "loaded_snapshot", None)
        if snapshot and request.method == "GET" and isinstance(inline, SnapshotInline):
            kwargs["queryset"] = inline.model.objects.none()
            kwargs["initial"] = inline.initial_rows(snapshot)
            kwargs["form_kwargs"] = {"chosen": inline.chosen_objects(kwargs["initial"])}
        return kwargs

    def save_model(self, request, obj, form, change):
        if obj.status == Article.Status.PUBLISHED and not self.has_publish_permission(
            request
        ):
            raise PermissionDenied
        if not change:
            obj.created_by = request.user
        # The piece is stored in save_related, together with its inlines.

    def save_related(self, request, form, formsets, change):
        article = form.instance
        snapshot = submitted_snapshot(form, formsets)
        article.saved_as_pending = (
            change and SAVE_AS_PENDING in request.POST and article.stored_is_live
        )
        try:
            if article.saved_as_pending:
                save_pending_changes(article, snapshot, request.user)
            else:
                store_snapshot(article, snapshot)
        except StaleVersionError as refused:
            refused.snapshot = snapshot  # kept by changeform_view for the merge
            raise
        # The other inlines (corrections) are notices on the live piece: they are
        # stored at once, also when the content goes to pending changes.
        for formset in formsets:
            if formset.model not in {
                inline.model for inline in SNAPSHOT_INLINES.values()
            }:
                self.save_formset(request, form, formset, change)
                if change and formset.has_changed():
                    article.mark_updated()
        if article.saved_as_pending:
            return
        self.propose_mentions(
            request, article, include_dismissed=FIND_AGAIN in request.POST
        )
        if change:
            PendingChanges.objects.filter(article=article).delete()
        article.save_revision(request.user, source="admin")
        WorkingDraft.objects.filter(article=article, user=request.user).delete()

    def construct_change_message(self, request, form, formsets, add):
        # The inlines of the snapshot are stored as a whole, not row by row; the
        # revision records them.
        saved = [formset for formset in formsets if hasattr(formset, "new_objects")]
        return super().construct_change_message(request, form, saved, add)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersionError as refused:
            # The save was rolled back; what the editor sent is kept for the merge.
            WorkingDraft.objects.update_or_create(
                article_id=refused.article.pk,
                user=request.user,
                kind=WorkingDraft.Kind.REFUSED,
                defaults={
                    "snapshot": refused.snapshot,
                    "version": refused.article.version,
                },
            )
            return redirect("admin:articles_article_conflict", refused.article.pk)

    def response_change(self, request, obj):
        if getattr(obj, "saved_as_pending", False):
            self.message_user(
                request,
                _(
                    "Änderungen als Entwurf gespeichert. Leser sehen weiter die "
                    "veröffentlichte Fassung."
                ),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def desk_context(self, request, article):
        """What the change form shows about versions, drafts and other editors."""
        EditorPresence.note(article, request.user)
        autosaved = WorkingDraft.objects.filter(
            article=article, user=request.user, kind=WorkingDraft.Kind.AUTOSAVE
        ).first()
        return {
            "pending": article.pending,
            "draft": article.draft,
            "autosaved": None if article.draft else autosaved,
            "refused": refused_article(request, article),
            "others": EditorPresence.others(article, request.user),
            "can_save_pending": article.stored_is_live
            and self.has_change_permission(request, article),
            "can_publish": self.has_publish_permission(request),
        }

    def delete_model(self, request, obj):
        self.record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            self.record_deletion(request, article)
        super().delete_queryset(request, queryset)

    def record_deletion(self, request, article):
        # The last revision is what brings the piece back from "Gelöschte Artikel".
        Revision.objects.record(article, request.user, source="admin", audit=False)
        AuditEntry.objects.record(
            AuditEntry.Action.DELETED, article, request.user, source="admin"
        )

    # Views of their own.

    def get_urls(self):
        def view(function, route, name):
            return path(
                route,
                self.admin_site.admin_view(function),
                name=f"articles_article_{name}",
            )

        return [
            view(self.versions_view, "<int:object_id>/versionen/", "versions"),
            view(
                self.restore_view,
                "<int:object_id>/versionen/<int:revision_id>/wiederherstellen/",
                "restore",
            ),
            view(self.conflict_view, "<int:object_id>/konflikt/", "conflict"),
            view(self.autosave_view, "<int:object_id>/autosave/", "autosave"),
            view(
                self.discard_draft_view,
                "<int:object_id>/entwurf-verwerfen/",
                "discard_draft",
            ),
            view(
                self.pending_view,
                "<int:object_id>/aenderungen/<str:step>/",
                "pending",
            ),
            view(self.deleted_view, "geloescht/", "deleted"),
            *super().get_urls(),
        ]

    def article_or_403(self, request, object_id, *, change=False):
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def render_desk(self, request, template, article, **context):
        return TemplateResponse(
            request,
            f"admin/articles/article/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": context.pop("title"),
                "subtitle": str(article) if article else None,
                **context,
            },
        )

    def versions_view(self, request, object_id):
        """The revisions of a piece, a comparison of any two, and its audit log."""
        article = self.article_or_403(request, object_id)
        revisions = list(article.revisions.select_related("created_by"))
        pending = PendingChanges.objects.filter(article=article).first()
        live_label = (
            _("Fassung für Leser") if article.is_live else _("Gespeicherte Fassung")
        )
        choices = {"live": (live_label, take_snapshot(article))}
        if pending:
            choices["pending"] = (_("Unveröffentlichte Änderungen"), pending.snapshot)
        for revision in revisions:
            choices[str(revision.pk)] = (
                _("Version %(version)s vom %(time)s")
                % {
                    "version": revision.version,
                    "time": date_format(
                        timezone.localtime(revision.created_at), "DATETIME_FORMAT"
                    ),
                },
                revision.snapshot,
            )
        # By default the working copy against what readers see (or, for a piece
        # readers do not see, against the revision before).
        default_new = "pending" if pending else "live"
        if revisions and not pending:
            default_new = str(revisions[0].pk)
        default_old = "live"
        if not article.is_live and len(revisions) > 1:
            default_old = str(revisions[1].pk)
        old = request.GET.get("von", default_old)
        new = request.GET.get("zu", default_new)
        if old not in choices or new not in choices:
            old, new = default_old, default_new
        return self.render_desk(
            request,
            "versions.html",
            article,
            title=_("Versionen"),
            revisions=revisions,
            pending=pending,
            choices=[(key, label) for key, (label, _) in choices.items()],
            old=old,
            new=new,
            old_label=choices[old][0],
            new_label=choices[new][0],
            differences=diffs.compare(choices[old][1], choices[new][1]),
            can_restore=self.has_change_permission(request, article),
            audit_entries=article.audit_entries.select_related("user"),
        )

    def restore_view(self, request, object_id, revision_id):
        article = self.article_or_403(request, object_id, change=True)
        revision = get_object_or_404(Revision, pk=revision_id, article_id=article.pk)
        if request.method == "POST":
            article.version = int_or_zero(request.POST.get("version"))
            try:
                to_pending = restore_revision(article, revision, request.user)
            except StaleVersionError:
                self.message_user(
                    request,
                    _("Der Artikel wurde inzwischen geändert. Bitte erneut prüfen."),
                    messages.ERROR,
                )
                return redirect(request.path)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect("admin:articles_article_versions", article.pk)
            if to_pending:
                message = _(
                    "Version %(version)s als unveröffentlichte Änderungen "
                    "wiederhergestellt; Leser sehen sie erst nach dem Veröffentlichen."
                )
            else:
                message = _("Version %(version)s wiederhergestellt.")
            self.message_user(
                request, message % {"version": revision.version}, messages.SUCCESS
            )
            return redirect("admin:articles_article_change", article.pk)
        return self.render_desk(
            request,
            "restore_confirm.html",
            article,
            title=_("Version wiederherstellen"),
            revision=revision,
            to_pending=article.is_live,
            differences=diffs.compare(working_copy(article), revision.snapshot),
        )

    def conflict_view(self, request, object_id):
        """The editor's refused save next to the stored text, merged field by field."""
        article = self.article_or_403(request, object_id, change=True)
        refused = refused_article(request, article)
        if refused is None:
            return redirect("admin:articles_article_change", article.pk)
        stored = working_copy(article)
        names = [
            name
            for name in diffs.FIELDS
            if diffs.differs(refused.snapshot, stored, name)
        ]
        if request.method == "POST":
            if int_or_zero(request.POST.get("version")) != article.version:
                self.message_user(
                    request,
                    _(
                        "Der Artikel wurde gerade noch einmal geändert. Bitte erneut "
                        "auswählen."
                    ),
                    messages.WARNING,
                )
                return redirect(request.path)
            merged = dict(stored)
            for name in names:
                if request.POST.get(name) == "mine":
                    merged[name] = refused.snapshot[name]
            WorkingDraft.objects.update_or_create(
                article=article,
                user=request.user,
                kind=WorkingDraft.Kind.AUTOSAVE,
                defaults={"snapshot": merged, "version": article.version},
            )
            refused.delete()
            self.message_user(
                request,
                _(
                    "Die zusammengeführte Fassung steht im Formular. Prüfen und "
                    "speichern Sie sie."
                ),
                messages.SUCCESS,
            )
            change_url = reverse("admin:articles_article_change", args=[article.pk])
            return redirect(f"{change_url}?{DRAFT_PARAMETER}={DRAFT_VALUE}")
        last = article.revisions.select_related("created_by").first()
        return self.render_desk(
            request,
            "conflict.html",
            article,
            title=_("Der Artikel wurde inzwischen geändert"),
            refused=refused,
            stored_by=last.created_by if last else None,
            stored_at=last.created_at if last else None,
            fields=[
                {
                    "name": name,
                    "label": diffs.label(name),
                    "mine": diffs.readable(refused.snapshot, name),
                    "stored": diffs.readable(stored, name),
                    "marked": diffs.mark_words(
                        diffs.readable(stored, name),
                        diffs.readable(refused.snapshot, name),
                    ),
                }
                for name in names
            ],
        )

    def autosave_view(self, request, object_id):
        """Keep the form's texts as the editor's draft; JSON for autosave.js."""
        if request.method != "POST":
            return JsonResponse({"message": _("Nur POST.")}, status=405)
        article = Article.objects.filter(pk=object_id).first()
        if article is None or not self.has_change_permission(request, article):
            return JsonResponse(
                {"message": _("Keine Berechtigung für diesen Artikel.")}, status=403
            )
        if int_or_zero(request.POST.get("version")) != article.version:
            return JsonResponse(
                {
                    "message": _(
                        "Nicht automatisch gespeichert: Der Artikel wurde inzwischen "
                        "von jemand anderem gespeichert. Beim Speichern sehen Sie "
                        "beide Fassungen."
                    )
                },
                status=409,
            )
        snapshot = working_copy(article)
        for name in TEXT_FIELDS:
            if name in request.POST:
                snapshot[name] = request.POST[name]
        WorkingDraft.objects.update_or_create(
            article=article,
            user=request.user,
            kind=WorkingDraft.Kind.AUTOSAVE,
            defaults={"snapshot": snapshot, "version": article.version},
        )
        EditorPresence.note(article, request.user, autosaved=True)
        now = timezone.localtime()
        return JsonResponse(
            {
                "message": _("Automatisch gespeichert um %(time)s Uhr.")
                % {"time": date_format(now, "H:i")}
            }
        )

    def discard_draft_view(self, request, object_id):
        article = self.article_or_403(request, object_id, change=True)
        if request.method == "POST":
            WorkingDraft.objects.filter(
                article=article, user=request.user, kind=WorkingDraft.Kind.AUTOSAVE
            ).delete()
            self.message_user(
                request, _("Automatisch gespeicherte Fassung verworfen."), messages.INFO
            )
        return redirect("admin:articles_article_change", article.pk)

    def pending_view(self, request, object_id, step):
        """Publish ("veroeffentlichen") or discard ("verwerfen") pending changes."""
        article = self.article_or_403(request, object_id, change=True)
        if not self.has_publish_permission(request):
            raise PermissionDenied
        if request.method != "POST" or step not in ("veroeffentlichen", "verwerfen"):
            return redirect("admin:articles_article_change", article.pk)
        if not PendingChanges.objects.filter(article=article).exists():
            self.message_user(
                request,
                _("Es gibt keine unveröffentlichten Änderungen."),
                messages.INFO,
            )
            return redirect("admin:articles_article_change", article.pk)
        article.version = int_or_zero(request.POST.get("version"))
        try:
            if step == "veroeffentlichen":
                publish_pending_changes(article, request.user)
                message = _("Die Änderungen sind veröffentlicht.")
            else:
                discard_pending_changes(article, request.user)
                message = _("Die Änderungen sind verworfen.")
        except StaleVersionError:
            message = _(
                "Die Änderungen wurden inzwischen noch einmal bearbeitet; bitte "
                "prüfen Sie sie erneut."
            )
            self.message_user(request, message, messages.ERROR)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        return redirect("admin:articles_article_change", article.pk)

    def deleted_view(self, request):
        """Deleted pieces, each with its last revision, and bringing one back."""
        if not request.user.has_perm("articles.delete_article"):
            raise PermissionDenied
        if request.method == "POST":
            revision = get_object_or_404(
                Revision.objects.of_deleted_articles(),
                pk=int_or_zero(request.POST.get("revision")),
            )
            try:
                article = restore_deleted(revision, request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return redirect(request.path)
            self.message_user(
                request,
                _("„%(headline)s“ ist als Entwurf wiederhergestellt.")
                % {"headline": article.headline},
                messages.SUCCESS,
            )
            return redirect("admin:articles_article_change", article.pk)
        return self.render_desk(
            request,
            "deleted.html",
            None,
            title=_("Gelöschte Artikel"),
            revisions=Revision.objects.of_deleted_articles().select_related(
                "created_by"
            )[:200],
        )


def int_or_zero(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Records nobody adds, changes or deletes in the admin: logs, old versions."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyRecordAdmin):
    """The audit log, read-only; reporters see the entries of their own pieces."""

    list_display = ["at", "user", "action", "article_link", "details"]
    list_filter = [("user", admin.RelatedOnlyFieldListFilter), "action", "at"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    search_fields = ["headline"]
    show_full_result_count = False

    def get_queryset(self, request):
        exists = Exists(Article.objects.filter(pk=OuterRef("article_id")))
        entries = super().get_queryset(request).annotate(article_exists=exists)
        return entries.visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description=gettext_lazy("Artikel"), ordering="headline")
    def article_link(self, entry):
        if not entry.article_exists:
            return gettext_lazy("%(headline)s (gelöscht)") % {
                "headline": entry.headline
            }
        url = reverse("admin:articles_article_versions", args=[entry.article_id])
        return format_html('<a href="{}">{}</a>', url, entry.headline)

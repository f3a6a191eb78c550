"""The archive in the Wagtail admin: victims, attacks, places and sources as snippets.

Listings, filters and search use public values only; a victim's sealed identity and its publication
policy have their own screens (memorial.privacy.admin_views)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.documents.wagtail_hooks import DocumentsSummaryItem
from wagtail.images.wagtail_hooks import ImagesSummaryItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet, SnippetViewSetGroup

import django_filters

from memorial.archive.dashboard import VictimCountsSummaryItem
from memorial.archive.models import Attack, Place, Source, Victim
from memorial.archive.selectors import victims_matching_label


class WideScreenColumn(Column):
    """A column a phone does without (archive/admin/listing.css): the label and the row's menu are what a
    moderator needs there, and a table of every column runs off a 390 px screen."""

    class Media:
        css = {"all": ["archive/admin/listing.css"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, classname="memorial-wide-screen", **kwargs)


def sample_mark(victim):
    return _("Sample") if victim.is_sample else "—"


class VictimFilterSet(WagtailFilterSet):
    # Withdrawn records are unpublished for good: the dashboard counts them apart from drafts and links here.
    withdrawn = django_filters.BooleanFilter(
        label=_("Withdrawn at the family's request"), field_name="withdrawn_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Victim
        fields = [
            "live",
            "has_unpublished_changes",
            "sex",
            "attack",
            "is_sample",
            "documentation_status",
            "name_policy",
        ]


class VictimIndexView(IndexView):
    def search_queryset(self, queryset):
        # The public search's matching on the public label (every hamza, alef, ya, ta marbuta and diacritic form,
        # Latin transliterations), for drafts too; sealed names are in no key (design.md: name search).
        if not self.is_searching:
            return queryset
        return queryset.filter(pk__in=victims_matching_label(self.search_query).values("pk"))


class VictimEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        # Rare and final: next to deleting, on the record itself, never a click away in the listing.
        if self.object.withdrawn_at is None and self.request.user.has_perm("archive.publish_victim"):
            buttons.append(
                Button(
                    _("Withdraw at the family's request"),
                    url=reverse("privacy:withdraw", args=[self.object.pk]),
                    icon_name="warning",
                    priority=25,
                )
            )
        return buttons


class VictimViewSet(SnippetViewSet):
    model = Victim
    icon = "user"
    menu_label = _("Victims")
    index_view_class = VictimIndexView
    edit_view_class = VictimEditView
    list_display = [
        "__str__",
        WideScreenColumn("attack", label=_("Attack"), sort_key="attack"),
        WideScreenColumn("sex", label=_("Sex"), accessor="get_sex_display"),
        WideScreenColumn("guard", label=_("k-anonymity coarsening"), accessor="guard_summary"),
        Column("is_sample", label=_("Sample"), accessor=sample_mark),
        "updated_at",
    ]
    filterset_class = VictimFilterSet
    # Searched by VictimIndexView on the admin's name keys and the public id, never by Wagtail's search backend;
    # search_fields only turns the search box on.
    search_backend_name = None
    search_fields = ["public_id"]
    ordering = ["-updated_at"]
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_queryset(self, request):
        # __str__ is the public representation: fetch what it reads in the same queries.
        return Victim.objects.select_related("attack", "identity", "place__parent__parent").prefetch_related("sources")


class AttackViewSet(SnippetViewSet):
    model = Attack
    icon = "warning"
    menu_label = _("Attacks")
    list_display = [
        "key",
        "title",
        "date",
        Column("agent", label=_("Agent"), accessor="get_agent_display"),
        "figures_checked",
        "live",
    ]
    list_filter = ["agent", "live", "figures_checked"]
    search_fields = ["key", "title_ar", "title_en"]
    search_backend_name = None
    ordering = ["date"]


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    menu_label = _("Places")
    list_display = ["name_ar", "name_en", Column("level", label=_("Level"), accessor="get_level_display"), "parent"]
    list_filter = ["level"]
    search_fields = ["name_ar", "name_en"]
    ordering = ["level", "name_en"]


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "doc-full"
    menu_label = _("Sources")
    list_display = ["publisher", "title", "document_number", "date"]
    search_fields = ["publisher", "title", "document_number"]
    ordering = ["publisher", "-date"]


class ArchiveViewSetGroup(SnippetViewSetGroup):
    items = (VictimViewSet, AttackViewSet, PlaceViewSet, SourceViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Archive")
    menu_name = "archive"


register_snippet(ArchiveViewSetGroup)


@hooks.register("register_snippet_listing_buttons")
def victim_privacy_buttons(snippet, user, next_url=None):
    # Into the row's "more" menu beside Edit and Delete, as Wagtail's own listings do: a row of buttons does not
    # fit a phone. Withdrawal is on the record's own screen (VictimEditView).
    if not isinstance(snippet, Victim):
        return
    if user.has_perm("archive.change_victim"):
        yield Button(
            _("Publication policy"), reverse("privacy:policy", args=[snippet.pk]), icon_name="lock", priority=20
        )
    if user.has_perm("privacy.reveal_identity"):
        yield Button(
            _("Sealed identity"), reverse("privacy:identity", args=[snippet.pk]), icon_name="view", priority=30
        )


@hooks.register("construct_snippet_action_menu")
def no_publishing_a_withdrawn_record(menu_items, request, context):
    # Victim.publish refuses too; this keeps the button from being offered at all.
    instance = context.get("instance")
    if isinstance(instance, Victim) and instance.withdrawn_at is not None:
        menu_items[:] = [item for item in menu_items if item.name not in {"action-publish", "action-submit"}]


@hooks.register("before_delete_snippet")
def no_deleting_a_public_or_withdrawn_record(request, instances):
    """Deleting is for drafts and records a moderator has taken down. A published record leaves through
    unpublishing or withdrawal, which say why in its history; a withdrawn record is kept as the family's
    withdrawal, the tombstone that stops an import from creating it again. Runs for one record and for many."""
    if not instances or not isinstance(instances[0], Victim):
        return None
    kept = [victim for victim in instances if victim.live or victim.withdrawn_at is not None]
    if not kept:
        return None
    messages.error(
        request,
        ngettext(
            "Nothing was deleted: %(count)d of these records is published or withdrawn. Unpublish or withdraw a "
            "published record instead; a withdrawn record is kept so that no import creates it again.",
            "Nothing was deleted: %(count)d of these records are published or withdrawn. Unpublish or withdraw a "
            "published record instead; a withdrawn record is kept so that no import creates it again.",
            len(kept),
        )
        % {"count": len(kept)},
    )
    return redirect("wagtailsnippets_archive_victim:list")


@hooks.register("construct_homepage_summary_items")
def victim_counts_summary(request, items):
    items.append(VictimCountsSummaryItem(request))


# Late, after Wagtail's own hooks have added theirs: page, image and document totals tell a moderator nothing.
@hooks.register("construct_homepage_summary_items", order=1000)
def only_moderation_summaries(request, items):
    items[:] = [
        item for item in items if not isinstance(item, PagesSummaryItem | ImagesSummaryItem | DocumentsSummaryItem)
    ]

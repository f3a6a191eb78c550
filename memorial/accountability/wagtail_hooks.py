from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from memorial.accountability.models import Milestone


class MilestoneViewSet(SnippetViewSet):
    model = Milestone
    icon = "date"
    menu_label = _("Milestones")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "date", "kind", "body", "to_be_verified"]
    list_filter = ["kind", "to_be_verified", "live"]
    search_fields = ["title_ar", "title_en", "body_ar", "body_en", "key"]
    ordering = ["-date"]


register_snippet(MilestoneViewSet)

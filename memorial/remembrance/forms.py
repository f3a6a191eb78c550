"""The admin form of remembrance pages: publishing (now or on a schedule) is refused while a text of the page
names a person whose name is withheld elsewhere in the archive. The editor is told where, never which name:
the admin is read by more people than the moderators who may see a sealed identity."""

from django.utils.translation import gettext

from wagtail.admin.forms import WagtailAdminPageForm

from memorial.remembrance.withheld_names import naming_withheld

PUBLISHING_ACTIONS = ("action-publish", "action-submit")


def page_texts(title, introduction, body):
    """Every text a visitor reads on the page, by where an editor finds it: the title, the introduction, each block."""
    texts = {gettext("Title"): title or "", gettext("Introduction"): introduction or ""}
    for position, block in enumerate(body or [], start=1):
        words = " ".join(str(part) for part in block.block.get_searchable_content(block.value))
        texts[gettext("Block %(position)s (%(label)s)") % {"position": position, "label": block.block.label}] = words
    return texts


def withheld_name_message(places):
    return gettext(
        "This page cannot be published: %(places)s names a person whose name is withheld in the archive. Remove "
        "the name, or ask a moderator whether the family has agreed to it being published."
    ) % {"places": ", ".join(places)}


class RemembrancePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if any(action in self.data for action in PUBLISHING_ACTIONS):
            texts = page_texts(cleaned_data.get("title"), cleaned_data.get("introduction"), cleaned_data.get("body"))
            naming = naming_withheld(texts)
            if naming:
                self.add_error(None, withheld_name_message(naming))
        return cleaned_data

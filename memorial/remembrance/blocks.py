"""The StreamField blocks of remembrance pages, one per component, each with an admin preview.

Blocks that show records keep references only (a victim's public id, an attack) and render through the
public representation at request time: a family that tightens its choice after the page was written is
followed on the page at once. Every block renders from a context of display values (remembrance.display),
never from its raw value: an image block's value holds the original image, a testimony's the name the
witness may have asked to keep off the page."""

import base64

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from memorial.archive.models import Victim, VictimPublicIndex
from memorial.privacy.photos import public_bytes, public_version, size_of
from memorial.privacy.representation import PublicPhoto, public_picture
from memorial.remembrance import display
from memorial.remembrance.witnesses import ShownAs

PREVIEW_TEMPLATE = "remembrance/blocks/preview.html"
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


def is_preview(context):
    """An admin preview (of a page or of a block) renders inline data, never files made public for a draft."""
    if not context:
        return False
    request = context.get("request")
    return "block_def" in context or bool(request is not None and getattr(request, "is_preview", False))


class HiddenValueBlock(blocks.FieldBlock):
    """A value the block computes itself when it is saved; the editor never types it."""

    def __init__(self, **kwargs):
        self.field = forms.CharField(required=False, widget=forms.HiddenInput)
        super().__init__(**kwargs)


class PublicStructBlock(blocks.StructBlock):
    """A block rendered from `public_context`, which each block builds from display values only."""

    def public_context(self, value, *, preview):
        return {"value": value}

    def render(self, value, context=None):
        public = self.public_context(value, preview=is_preview(context))
        return mark_safe(render_to_string(self.meta.template, public))  # noqa: S308 - our own template's output


class StatisticsBlock(PublicStructBlock):
    heading = blocks.CharBlock(
        required=False, label=_("heading"), help_text=_("For example: “What the archive records”.")
    )

    def public_context(self, value, *, preview):
        return {"heading": value.get("heading"), **display.live_statistics()}

    class Meta:
        icon = "table"
        label = _("Live statistics")
        template = "remembrance/blocks/statistics.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"heading": "What the archive records"}
        description = _(
            "The archive's counts, computed when the page is read, with the date they hold for; small counts are "
            "withheld as on the statistics page. Never type a figure here yourself."
        )


class FeaturedVictimBlock(blocks.StructBlock):
    public_id = blocks.CharBlock(
        label=_("public id"),
        max_length=12,
        help_text=_(
            "The id in the address of the victim's public page (/victims/<id>/). The page shows only what "
            "the family allows, as the victim's own page does."
        ),
    )
    seen = HiddenValueBlock(required=False, label="")

    def clean(self, value):
        value = super().clean(value)
        shown = display.shown_victim(value.get("public_id"))
        if shown is None:
            raise StructBlockValidationError(
                block_errors={"public_id": ValidationError(_("No published record has this public id."))}
            )
        # What the record showed when it was chosen: the next year's copy drops it if the family has since
        # asked for less (prepare_remembrance_day).
        value["seen"] = display.openness(shown)
        return value

    class Meta:
        icon = "user"
        label = _("victim")


def sample_public_ids(count=3):
    return list(VictimPublicIndex.objects.order_by("public_id").values_list("public_id", flat=True)[:count])


class FeaturedVictimsBlock(PublicStructBlock):
    heading = blocks.CharBlock(required=False, label=_("heading"))
    victims = blocks.ListBlock(FeaturedVictimBlock(), label=_("victims"), min_num=1)

    def public_context(self, value, *, preview):
        public_ids = [victim.get("public_id") for victim in value.get("victims") or []]
        return {"heading": value.get("heading"), "cards": display.featured_victims(public_ids, preview=preview)}

    def get_preview_value(self):
        return self.to_python(
            {"heading": "", "victims": [{"public_id": public_id} for public_id in sample_public_ids()]}
        )

    class Meta:
        icon = "group"
        label = _("Featured victims")
        template = "remembrance/blocks/featured_victims.html"
        preview_template = PREVIEW_TEMPLATE
        description = _(
            "Victims chosen by their public id, each shown exactly as their own page shows them: a withheld name "
            "stays withheld, and a record withdrawn later disappears from the page."
        )


class RollOfNamesBlock(PublicStructBlock):
    heading = blocks.CharBlock(required=False, label=_("heading"))
    attack = SnippetChooserBlock(
        "archive.Attack", required=False, label=_("attack"), help_text=_("Leave empty for every attack.")
    )
    year = blocks.IntegerBlock(
        required=False, min_value=2011, label=_("year of death"), help_text=_("Leave empty for every year.")
    )
    seconds_per_name = blocks.IntegerBlock(
        default=4,
        min_value=2,
        max_value=30,
        label=_("seconds per name"),
        help_text=_("In reading mode, how long each name stays on the screen before the next one."),
    )

    def public_context(self, value, *, preview):
        attack = value.get("attack")
        return {
            "heading": value.get("heading"),
            "rows": display.roll_of_names(attack=attack if attack and attack.live else None, year=value.get("year")),
            "seconds": value.get("seconds_per_name") or 4,
        }

    class Meta:
        icon = "list-ol"
        label = _("Roll of names")
        template = "remembrance/blocks/roll_of_names.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"heading": "", "seconds_per_name": 4}
        description = _(
            "Every published victim of an attack, a year or the whole archive, as the public pages show them. "
            "Printable, and with a reading mode that shows one name at a time for a public reading."
        )


class TimelineBlock(PublicStructBlock):
    heading = blocks.CharBlock(required=False, label=_("heading"))
    from_year = blocks.IntegerBlock(required=False, min_value=2011, label=_("from year"))
    to_year = blocks.IntegerBlock(required=False, min_value=2011, label=_("to year"))
    with_milestones = blocks.BooleanBlock(
        required=False,
        default=True,
        label=_("with accountability milestones"),
        help_text=_("The findings, resolutions, warrants and judgments of those years, each with its source."),
    )

    def public_context(self, value, *, preview):
        return {
            "heading": value.get("heading"),
            "years": display.attack_timeline(
                from_year=value.get("from_year"),
                to_year=value.get("to_year"),
                # Blocks saved before the option existed keep showing the milestones.
                with_milestones=value.get("with_milestones", True),
            ),
        }

    class Meta:
        icon = "date"
        label = _("Timeline of attacks")
        template = "remembrance/blocks/timeline.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"heading": ""}
        description = _(
            "The published attacks in date order, each linked to its record, and the accountability milestones."
        )


class TestimonyBlock(PublicStructBlock):
    text = blocks.TextBlock(label=_("testimony"), help_text=_("The witness's words as they gave them."))
    witness_name = blocks.CharBlock(
        required=False,
        label=_("witness's name"),
        help_text=_("Kept for the editors; the page shows it only as the witness chose below."),
    )
    shown_as = blocks.ChoiceBlock(
        choices=ShownAs.choices,
        default=ShownAs.ANONYMOUS,
        label=_("show the witness as"),
        help_text=_("As the witness chose."),
    )
    relation = blocks.CharBlock(
        required=False,
        label=_("who they are"),
        help_text=_("For example: “a nurse in Zamalka”. Nothing that names them."),
    )
    victim_public_id = blocks.CharBlock(
        required=False,
        max_length=12,
        label=_("victim remembered (public id)"),
        help_text=_(
            "If the testimony speaks of one victim: it leaves next year's copy if that record shows less by then."
        ),
    )
    victim_seen = HiddenValueBlock(required=False, label="")

    def clean(self, value):
        value = super().clean(value)
        public_id = (value.get("victim_public_id") or "").strip()
        if public_id:
            shown = display.shown_victim(public_id)
            if shown is None:
                raise StructBlockValidationError(
                    block_errors={"victim_public_id": ValidationError(_("No published record has this public id."))}
                )
            value["victim_seen"] = display.openness(shown)
        else:
            value["victim_seen"] = ""
        return value

    def public_context(self, value, *, preview):
        return display.testimony(value)

    class Meta:
        icon = "openquote"
        label = _("Testimony")
        template = "remembrance/blocks/testimony.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "text": "Sample testimony: the words of a witness appear here, as they gave them.",
            "shown_as": ShownAs.ANONYMOUS,
            "relation": "a sample witness",
        }
        description = _("A witness's words, with the witness shown by name, by initials or not at all, as they chose.")


def image_context(image, *, alt, preview):
    """The public file of an editorial image (scrubbed at intake, re-encoded, never the original) with its sizes,
    or, in a preview, the same pixels inline."""
    if preview:
        data = public_bytes(image, "show")
        width, height = size_of(data)
        url = "data:image/jpeg;base64," + base64.b64encode(data).decode()
        return PublicPhoto(url=url, width=width, height=height, alt=alt, graphic=image.is_graphic)
    return public_picture(public_version(image, "show"), alt=alt, graphic=image.is_graphic)


class ImageBlock(PublicStructBlock):
    image = ImageChooserBlock(
        label=_("image"), help_text=_("Uploaded through the archive's image library, which strips the file's metadata.")
    )
    alt = blocks.CharBlock(label=_("description for screen readers"), max_length=250)
    caption = blocks.CharBlock(required=False, label=_("caption"), help_text=_("With the photo's source."))

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        if image is not None and Victim.objects.filter(photo=image).exists():
            # A victim's photo follows the family's photo choice; an image block would show it whatever they chose.
            raise StructBlockValidationError(
                block_errors={
                    "image": ValidationError(
                        _(
                            "This photo belongs to a victim's record. Feature the victim instead: their photo then "
                            "shows as the family chose."
                        )
                    )
                }
            )
        return value

    def public_context(self, value, *, preview):
        image = value.get("image")
        return {
            "photo": image_context(image, alt=value.get("alt") or "", preview=preview) if image else None,
            "graphic": bool(image and image.is_graphic),
            "alt": value.get("alt"),
            "caption": value.get("caption"),
        }

    class Meta:
        icon = "image"
        label = _("Image")
        template = "remembrance/blocks/image.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A photo from the image library, with its description and source. Not a victim's photo.")

    def get_preview_value(self):
        from wagtail.images import get_image_model

        image = get_image_model().objects.exclude(pk__in=Victim.objects.exclude(photo=None).values("photo")).first()
        return self.to_python({"image": image.pk if image else None, "alt": "", "caption": "Sample caption"})


class CallToActionBlock(PublicStructBlock):
    heading = blocks.CharBlock(label=_("heading"))
    text = blocks.TextBlock(required=False, label=_("text"))
    page = blocks.PageChooserBlock(required=False, label=_("page on this site"))
    url = blocks.URLBlock(required=False, label=_("or an address"))
    label = blocks.CharBlock(
        label=_("link text"), help_text=_("What the reader does: “Read the names”, “Light a candle”.")
    )

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page on this site or give an address, not both."))}
            )
        return value

    def public_context(self, value, *, preview):
        page = value.get("page")
        return {
            "heading": value.get("heading"),
            "text": value.get("text"),
            "url": page.localized.url if page is not None else value.get("url"),
            "label": value.get("label"),
        }

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "remembrance/blocks/call_to_action.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {"heading": "Read the names", "text": "", "url": "https://example.org/", "label": "Read"}
        description = _("One clear thing a reader can do, with a link.")


class CheckedRichTextBlock(blocks.RichTextBlock):
    """Rich text. Before the page is published its text is checked for names withheld elsewhere (forms.py)."""

    class Meta:
        icon = "doc-full"
        label = _("Text")
        template = "remembrance/blocks/rich_text.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = "<p>Sample paragraph.</p>"
        description = _(
            "Paragraphs of narrative. Cite the source of every figure. A page that names a person whose name is "
            "withheld in the archive cannot be published."
        )


class RemembranceStreamBlock(blocks.StreamBlock):
    text = CheckedRichTextBlock(features=RICH_TEXT_FEATURES)
    statistics = StatisticsBlock()
    featured_victims = FeaturedVictimsBlock()
    roll_of_names = RollOfNamesBlock()
    timeline = TimelineBlock()
    testimony = TestimonyBlock()
    image = ImageBlock()
    call_to_action = CallToActionBlock()

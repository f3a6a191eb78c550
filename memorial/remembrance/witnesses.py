"""What the public may see of a witness, computed here only, as `public_victim` does for a victim (P1): a
testimony's block keeps the witness's name and how they chose to be shown; every page and preview shows the
witness through `public_witness`, never the stored name itself."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext, gettext_lazy

from memorial.archive.names import initials, is_arabic
from memorial.archive.text import without_controls


class ShownAs(models.TextChoices):
    NAME = "name", gettext_lazy("Their name")
    INITIALS = "initials", gettext_lazy("Their initials")
    ANONYMOUS = "anonymous", gettext_lazy("Anonymous")


@dataclass(frozen=True)
class PublicWitness:
    name: str
    lang: str
    dir: str
    anonymous: bool

    @property
    def label(self):
        return self.name or gettext("A witness who asked not to be named")


def public_witness(name, shown_as):
    """The witness as they chose to be shown: their name, its initials, or no name at all."""
    name = without_controls(name or "").strip()
    if not name or shown_as not in (ShownAs.NAME, ShownAs.INITIALS):
        return PublicWitness("", "", "", anonymous=True)
    script = "ar" if is_arabic(name) else "latin"
    shown = name if shown_as == ShownAs.NAME else initials(name, script)
    return PublicWitness(shown, "ar" if script == "ar" else "en", "rtl" if script == "ar" else "ltr", anonymous=False)

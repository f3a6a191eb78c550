"""Cleaning what people type before it is kept, matched or shown.

Invisible formatting characters have no place in a record: a right-to-left override in a pseudonym reorders
what a reader sees of the rest of the line (a page title, a citation), and a zero-width character makes two
names or two identifiers that look the same compare different.
"""

import re
import unicodedata

from django.db import models

# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the directional marks
# (LRM, RLM, ALM) and the zero-width characters (space, non-joiner, joiner, word joiner, byte-order mark).
# The joiners go too: Arabic and Latin spelling never needs them (in Arabic they only force or break the
# joining of letters, so one name could be written two ways that look alike and search differently);
# the scripts that do need them (Persian, Indic) are not written in this archive. Emoji sequences joined
# by them fall apart into their parts, which still read.
INVISIBLE_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff]")


def without_controls(text):
    """`text` without bidirectional controls, directional marks and zero-width characters."""
    return INVISIBLE_CONTROLS.sub("", text) if text else text


def identifier_key(text):
    """How a partner's source and record id are stored and matched, so that `RT`, ` rt ` and `ｒｔ` are one source.

    Invisible characters are dropped, compatibility forms and case are folded (NFKC, casefold) and runs of
    spaces become one space."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", without_controls(text or "")).casefold())
    return " ".join(folded.split())


class TextWithoutControls:
    """A model mixin: every text a form saves is kept without invisible controls, in the admin as in any other
    form built on the model (Django's ModelForm calls `clean` before it saves)."""

    def clean(self):
        super().clean()
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                # Only a value that changes is set: a sealed value that could not be read stays untouched.
                if isinstance(value, str) and (cleaned := without_controls(value)) != value:
                    setattr(self, field.attname, cleaned)

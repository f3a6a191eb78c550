"""Display-ready values for templates, so templates stay free of rules."""

import base64
from dataclasses import dataclass

from django.utils.translation import get_language, gettext

from memorial.privacy.photos import public_bytes, public_version, size_of


@dataclass(frozen=True)
class ShownName:
    text: str
    lang: str
    dir: str


def names_for(shown, language):
    """The public name in the page's script first and the other script beside it."""
    arabic = ShownName(shown.name_ar, "ar", "rtl") if shown.name_ar else None
    latin = ShownName(shown.name_latin, "en", "ltr") if shown.name_latin else None
    ordered = [latin, arabic] if language == "en" else [arabic, latin]
    return [name for name in ordered if name]


def title_for(shown, language):
    names = names_for(shown, language)
    return names[0].text if names else gettext("Name withheld")


@dataclass(frozen=True)
class Citation:
    """One line a journalist can paste: who and which record, then where to find it. The address is kept
    apart so that the page can isolate it: in an Arabic line its slashes would otherwise be reordered."""

    text: str
    url: str


def citation_for(shown, language, permanent_url):
    text = gettext("%(name)s. Memorial archive, record %(id)s.") % {
        "name": title_for(shown, language),
        "id": shown.public_id,
    }
    return Citation(text, permanent_url)


def in_language(arabic, english, language):
    """A text in the page's language, or the other one with its own lang and dir when it is missing."""
    if language == "en" and english:
        return ShownName(english, "en", "ltr")
    if arabic:
        return ShownName(arabic, "ar", "rtl")
    return ShownName(english, "en", "ltr") if english else None


def public_photo(shown, *, preview=False):
    """The file the public may fetch for this record's photo, or None (the neutral image is shown).

    A preview shows the same pixels inline: a record not yet approved must not put a file in public media."""
    if shown.photo is None or shown.photo_mode not in {"show", "blurred"}:
        return None
    if preview:
        data = public_bytes(shown.photo, shown.photo_mode)
        width, height = size_of(data)
        url = "data:image/jpeg;base64," + base64.b64encode(data).decode()
    else:
        version = public_version(shown.photo, shown.photo_mode)
        url, width, height = version.file.url, version.width, version.height
    return {
        "url": url,
        "width": width,
        "height": height,
        "blurred": shown.photo_mode == "blurred",
        "graphic": shown.photo.is_graphic,
    }


def victim_page_context(shown, *, permanent_url, preview=False):
    """Everything the victim page shows; the public view and the admin preview share it."""
    language = get_language()
    return {
        "victim": shown,
        "photo": public_photo(shown, preview=preview),
        "names": names_for(shown, language),
        "title": title_for(shown, language),
        "biography": in_language(shown.biography_ar, shown.biography_en, language),
        "permanent_url": permanent_url,
        "citation": citation_for(shown, language, permanent_url) if permanent_url else None,
    }


def attack_page_context(attack, *, victims, page_obj=None):
    language = get_language()
    return {
        "object": attack,
        "narrative": in_language(attack.narrative_ar, attack.narrative_en, language),
        "page_obj": page_obj,
        "victims": victim_rows(victims),
    }


def victim_rows(representations):
    """One row per victim for lists: the representation and its names in display order."""
    language = get_language()
    return [{"victim": shown, "names": names_for(shown, language)} for shown in representations]

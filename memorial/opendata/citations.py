"""Citing a record: the line a journalist pastes, and the same reference as CSL-JSON and BibTeX for reference
managers (Zotero, citeproc, LaTeX). Built from the public representation of a victim, or an attack's public
fields, and nothing else: a name the family withheld is cited as "Name withheld", in every form."""

import json
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from memorial.archive.display import names_for

LANGUAGE_NAMES = {"ar": "arabic", "en": "english"}
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


@dataclass(frozen=True)
class Citation:
    """One record's reference. `name` is the line's first part as HTML: the name or title isolated (`<bdi>`), as
    in an Arabic line an English name, or an address's slashes, would otherwise be reordered, and neither may
    reorder the sentence around it. `title` is the same as plain text, for the machine-readable forms."""

    kind: str
    name: str
    title: str
    id: str
    url: str
    language: str
    note: str = ""

    @property
    def address(self):
        """The address, free to wrap after a slash of its path on a phone, never inside the record's id: the id
        and its closing slash stay together, so no line holds a slash alone or half an id."""
        head = self.url.removesuffix(f"{self.id}/")
        scheme, separator, path = head.rpartition("://")
        return format_html(
            '{}{}{}<span class="whole">{}/</span>',
            scheme,
            separator,
            format_html_join("", "{}/<wbr>", ((segment,) for segment in path.split("/")[:-1])),
            self.id,
        )

    @property
    def key(self):
        return f"memorial-{self.id}"


def _sample_note(shown):
    return gettext("Sample record: synthetic data for demonstration, not a real person") if shown.is_sample else ""


def victim_citation(shown, language, permanent_url):
    # The sentence puts its own full stop after the name: initials ("أ. خ.") already end with one.
    names = names_for(shown, language)
    if names:
        title = names[0].text.removesuffix(".")
        name = format_html('<bdi lang="{}" dir="{}">{}</bdi>', names[0].lang, names[0].dir, title)
        if shown.name_is_pseudonym:
            # Cited as the person's name, a pseudonym would pass for it.
            chosen = gettext("a name chosen by the family")
            name = format_html("{} ({})", name, chosen)
            title = f"{title} ({chosen})"
    else:
        title = name = gettext("Name withheld")
    return Citation("victim", name, title, shown.public_id, permanent_url, language, _sample_note(shown))


def attack_citation(attack, language, permanent_url):
    english = language == "en" and bool(attack.title_en)
    title = attack.title_en if english else attack.title_ar
    name = format_html('<bdi lang="{}" dir="{}">{}</bdi>', *(("en", "ltr") if english else ("ar", "rtl")), title)
    return Citation("attack", name, title, attack.key, permanent_url, language)


def citation_sentence(citation):
    """The line as plain text, in the page's language (what the page shows, without its markup)."""
    if citation.kind == "attack":
        text = gettext("%(title)s. Memorial archive, attack %(key)s.") % {"title": citation.title, "key": citation.id}
    else:
        text = gettext("%(name)s. Memorial archive, record %(id)s.") % {"name": citation.title, "id": citation.id}
    return f"{text} {citation.url}"


def _archive_name():
    return gettext("Memorial archive")


def csl_json(citation):
    """The reference as CSL-JSON (a list of one item), the format citeproc and Zotero read."""
    today = timezone.localdate()
    item = {
        "id": citation.key,
        "type": "webpage",
        "title": citation.title,
        "container-title": _archive_name(),
        "publisher": _archive_name(),
        "number": citation.id,
        "URL": citation.url,
        "language": citation.language,
        "accessed": {"date-parts": [[today.year, today.month, today.day]]},
    }
    if citation.note:
        item["note"] = citation.note
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def bibtex_escaped(text):
    return "".join(BIBTEX_SPECIAL.get(character, character) for character in text)


def bibtex(citation):
    """The reference as a BibTeX @misc entry (biblatex reads `urldate` and `language`)."""
    fields = {
        "title": f"{{{bibtex_escaped(citation.title)}}}",
        "organization": bibtex_escaped(_archive_name()),
        "number": bibtex_escaped(citation.id),
        "howpublished": f"\\url{{{citation.url}}}",
        "url": f"{{{citation.url}}}",
        "urldate": timezone.localdate().isoformat(),
        "language": LANGUAGE_NAMES[citation.language],
    }
    if citation.note:
        fields["note"] = bibtex_escaped(citation.note)
    body = ",\n".join(
        f"  {name} = {value}" if value.startswith("{") else f"  {name} = {{{value}}}" for name, value in fields.items()
    )
    return f"@misc{{{citation.key},\n{body}\n}}\n"

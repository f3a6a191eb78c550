"""Whether an editorial text names a person whose name the archive withholds (P2): a page for 30 November must
not print, in a paragraph, the name a family asked to keep off every other page.

A record's name is withheld unless its public representation shows it in full; drafts, withdrawn records and
pseudonyms count as withheld. Names are compared as the name search compares them (normalised Arabic, Latin
spellings folded, compounds joined), on the given name followed by the father's or the family name: a given
name alone is shared by too many people to tell anyone apart. The caller learns where, never which name.
"""

import html
import re

from django.utils.html import strip_tags

from memorial.archive.models import Victim, VictimPublicIndex
from memorial.archive.names import (
    arabic_key,
    is_arabic,
    join_latin_compounds,
    latin_search_keys,
    name_keys,
    normalise_arabic,
)

# Runs of one script: the archive's folding rules differ between Arabic and Latin words.
SCRIPT_RUNS = re.compile(r"[\u0600-\u06FF][\u0600-\u06FF\s\u0640\u064B-\u065F]*|[^\W\d_][^\u0600-\u06FF]*")


def text_word_keys(text):
    """For every word of a text in order, the set of name keys it may stand for."""
    words = []
    for run in SCRIPT_RUNS.findall(html.unescape(strip_tags(text or ""))):
        if is_arabic(run):
            words.extend({arabic_key(word)} for word in normalise_arabic(run).split())
        else:
            words.extend(latin_search_keys(word) for word in join_latin_compounds(run).split())
    return [keys for keys in words if any(keys)]


def name_phrases(given, father, family):
    """The key sequences that identify one name: the given name with the father's name, and with the family name."""
    head = name_keys(given)
    if not head:
        return []
    phrases = []
    for other in (name_keys(father)[:1], name_keys(family)):
        if other:
            phrases.append(tuple(head + other))
    return phrases


def withheld_phrases():
    """Key sequences of every name in the archive that the public does not see in full."""
    shown_in_full = VictimPublicIndex.objects.filter(name_shown_in_full=True).values("victim")
    phrases = set()
    for victim in Victim.objects.exclude(pk__in=shown_in_full).select_related("identity"):
        identity = getattr(victim, "identity", None)
        if identity is None:
            continue
        for script in ("ar", "latin"):
            phrases.update(name_phrases(*identity.name_parts(script)))
    return phrases


def contains_phrase(words, phrase):
    size = len(phrase)
    return any(
        all(key in words[start + offset] for offset, key in enumerate(phrase)) for start in range(len(words) - size + 1)
    )


def naming_withheld(texts, phrases=None):
    """The labels of the `texts` ({label: text}) that contain a withheld name; the names themselves stay here."""
    phrases = withheld_phrases() if phrases is None else phrases
    if not phrases:
        return []
    return [label for label, text in texts.items() if any(contains_phrase(text_word_keys(text), p) for p in phrases)]

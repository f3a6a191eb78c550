"""Whether an editorial text names a person whose name the archive withholds (P2): a page for 30 November must
not print, in a paragraph, the name a family asked to keep off every other page.

A record's name is withheld unless its public representation shows it in full; drafts, withdrawn records and
pseudonyms count as withheld. Names are compared as the name search compares them (normalised Arabic, Latin
spellings folded, compounds joined), on the given name followed by the father's or the family name: a given
name alone is shared by too many people to tell anyone apart. The caller learns where, never which name.
"""

import html
import re
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

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
# The phrases read once for a whole run, inside `withheld_lookup` (a one-item list, filled on first use).
_held = ContextVar("withheld_phrases", default=None)


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
    """Key sequences of every name in the archive that the public does not see in full, in one query that reads
    (and unseals) only the name parts, or the ones held by the active `withheld_lookup`."""
    held = _held.get()
    if held is not None:
        if held[0] is None:
            held[0] = _read_withheld_phrases()
        return held[0]
    return _read_withheld_phrases()


def _read_withheld_phrases():
    shown_in_full = VictimPublicIndex.objects.filter(name_shown_in_full=True).values("victim")
    parts = [f"identity__{part}_name_{script}" for script in ("ar", "latin") for part in ("given", "father", "family")]
    phrases = set()
    rows = Victim.objects.exclude(pk__in=shown_in_full).exclude(identity=None).values_list(*parts)
    for names in rows.iterator(chunk_size=5000):
        phrases.update(name_phrases(*(name or "" for name in names[:3])))
        phrases.update(name_phrases(*(name or "" for name in names[3:])))
    return phrases


@contextmanager
def withheld_lookup():
    """Read the withheld names once for every check inside the block (one run publishing several pages), instead
    of once per check. Only for a block that changes no record: a name withheld inside it would not be seen."""
    token = _held.set([None])
    try:
        yield
    finally:
        _held.reset(token)


def _by_first_key(phrases):
    index = defaultdict(list)
    for phrase in phrases:
        index[phrase[0]].append(phrase)
    return index


def contains_phrase(words, phrase, start=None):
    """Whether the phrase's keys follow one another in `words` (anywhere, or from `start`)."""
    size = len(phrase)
    starts = range(len(words) - size + 1) if start is None else ([start] if start + size <= len(words) else [])
    return any(all(key in words[begin + offset] for offset, key in enumerate(phrase)) for begin in starts)


def _names_one(words, index):
    return any(
        contains_phrase(words, phrase, start)
        for start, keys in enumerate(words)
        for key in keys
        for phrase in index.get(key, ())
    )


def naming_withheld(texts, phrases=None):
    """The labels of the `texts` ({label: text}) that contain a withheld name; the names themselves stay here.

    Each text is keyed once, and each of its words is looked up among the phrases that start with it, so a check
    costs the length of the texts, not their length times the number of withheld names."""
    phrases = withheld_phrases() if phrases is None else phrases
    if not phrases:
        return []
    index = _by_first_key(phrases)
    return [label for label, text in texts.items() if _names_one(text_word_keys(text), index)]

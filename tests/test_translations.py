"""The Arabic interface catalogue is complete and compiled."""

import gettext
import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "ar" / "LC_MESSAGES"
ENTRY = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)((?:msgid_plural.*\n(?:".*"\n)*)?)((?:msgstr.*\n(?:".*"\n)*)+)', re.M)


def entries():
    text = (CATALOGUE / "django.po").read_text()
    for match in ENTRY.finditer(text):
        raw = match.group(1) + "".join(line[1:-1] for line in match.group(2).splitlines())
        # The catalogue's C escapes (\" \n \\) read as the strings gettext looks up.
        msgid = re.sub(r"\\(.)", lambda escape: {"n": "\n", "t": "\t"}.get(escape[1], escape[1]), raw)
        if msgid:
            yield msgid, match.group(4), text[max(0, match.start() - 200) : match.start()]


def test_every_string_is_translated_and_none_is_fuzzy():
    untranslated = [msgid for msgid, msgstr, _ in entries() if re.fullmatch(r'(msgstr(\[\d\])? ""\n)+', msgstr)]
    fuzzy = [
        msgid
        for msgid, _, before in entries()
        if before.rstrip().endswith("#, fuzzy") or "#, fuzzy\n#|" in before[-80:]
    ]
    assert untranslated == []
    assert fuzzy == []
    assert len(list(entries())) > 300


def test_the_compiled_catalogue_matches_the_source():
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    assert translations.gettext("Victims") == "الضحايا"
    assert translations.gettext("Name withheld") == "الاسم محجوب"
    missing = [
        msgid for msgid, msgstr, _ in entries() if "msgstr[" not in msgstr and translations.gettext(msgid) == msgid
    ]
    assert missing == []

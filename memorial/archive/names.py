"""Names as the archive searches and splits them: Arabic normalisation, Latin transliteration keys,
and the rule that splits a full name into given, father's and family name.

Both the stored name keys and every search query pass through `name_keys`, so variants meet in the middle:
أحمد / احمد / إحمد, عبد الله / عبدالله, Mohammad / Muhammad / Mohammed / Mohamed, Abdul / Abd al- / Abdel.
"""

import re
import unicodedata

ARABIC_LETTERS = re.compile(r"[\u0600-\u06FF]")
ARABIC_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")
TATWEEL = "\u0640"
ARABIC_FOLDS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
# Compounds written with or without a space are one name: عبد الله, أبو بكر, نور الدين.
ARABIC_COMPOUND_PREFIX = re.compile(r"(?<!\S)(عبد|ابو|ابي|ام)\s+(?=\S)")
ARABIC_COMPOUND_SUFFIX = re.compile(r"(?<=\S)\s+(الدين|الله)(?!\S)")

LATIN_COMPOUND_PREFIX = re.compile(
    r"\b(abd|abu|abou|umm)\s*-?\s*(?:(?:[aeiou][lrsntdz]?)(?:\s*-\s*|\s+)|[aeiou]?[lrsntdz]?-)?", re.I
)
LATIN_ABD_WITH_ARTICLE = re.compile(r"\b(abd)(?:ul|el|al|ol|u|e|a|o)(?=[a-z])", re.I)
LATIN_COMPOUND_SUFFIX = re.compile(r"\s+(?:[aeiou][dlsnrt]?|)-?\s*(din|deen|dine|allah|ullah)\b", re.I)
LATIN_ARTICLE = re.compile(r"^(?:al|el)-?(?=\w{3,})")
LATIN_DETACHED_ARTICLE = re.compile(r"\b(al|el)\s+(?=\w{3,})")

# Spellings no rule below reduces to the same key; extend as partners' lists show new ones.
LATIN_VARIANTS = {
    "mhd": "muhammad",
    "mohd": "muhammad",
    "mouhammad": "muhammad",
    "hamoudeh": "hamuda",
    "abdallah": "abdullah",
    "aysha": "aisha",
    "aicha": "aisha",
}
LATIN_DIGRAPHS = (("ey", "y"), ("ay", "y"), ("ai", "y"), ("ei", "y"), ("ou", "u"), ("oo", "u"), ("ee", "i"))
VOWELS = set("aeiou")


def is_arabic(text):
    return bool(ARABIC_LETTERS.search(text))


def normalise_arabic(text):
    """Fold the spellings of one Arabic name into one form."""
    text = ARABIC_DIACRITICS.sub("", text).replace(TATWEEL, "").translate(ARABIC_FOLDS)
    text = " ".join(text.split())
    text = ARABIC_COMPOUND_PREFIX.sub(r"\1", text)
    return ARABIC_COMPOUND_SUFFIX.sub(r"\1", text)


def _ascii_lower(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def join_latin_compounds(text):
    """Abd al-Rahman, Abdul Rahman, Abdel Rahman, Abdurrahman -> abdrahman; Nour al-Din -> nourdin."""
    text = _ascii_lower(text).replace("'", "").replace("\u2019", "")
    text = LATIN_DETACHED_ARTICLE.sub(r"\1-", text)
    text = LATIN_COMPOUND_PREFIX.sub(lambda match: match.group(1).lower(), text)
    text = LATIN_ABD_WITH_ARTICLE.sub(r"\1", text)
    return LATIN_COMPOUND_SUFFIX.sub(r"\1", text)


def latin_key(word):
    """A consonant skeleton of one Latin-script word: Mohammad, Muhammad, Mohamed -> mhmd."""
    word = re.sub(r"[^a-z]", "", _ascii_lower(word))
    word = LATIN_ARTICLE.sub("", word)
    word = LATIN_VARIANTS.get(word, word)
    if not word:
        return ""
    for digraph, replacement in LATIN_DIGRAPHS:
        word = word.replace(digraph, replacement)
    if len(word) > 3 and word.endswith("h") and word[-2] in VOWELS:
        word = word[:-1]
    first = "a" if word[0] in VOWELS else word[0]
    skeleton = first + "".join(char for char in word[1:] if char not in VOWELS)
    return re.sub(r"(.)\1+", r"\1", skeleton)


def arabic_key(word):
    word = re.sub(r"[^\u0621-\u064A]", "", word)
    # The article is folded so that الحسن finds حسن; short names keep it (الله is a name part).
    if word.startswith("ال") and len(word) >= 5:
        word = word[2:]
    return word


def name_keys(text):
    """The search keys of a name or a query: one per word, in whichever script each word is."""
    keys = []
    if is_arabic(text):
        words = normalise_arabic(text).split()
        keys = [arabic_key(word) if is_arabic(word) else latin_key(word) for word in words]
    else:
        keys = [latin_key(word) for word in join_latin_compounds(text).split()]
    return [key for key in dict.fromkeys(keys) if key]


def split_full_name(full_name):
    """Split a full name into (given, father's, family).

    The documented rule: compounds stay one part (عبد الله, أبو بكر, نور الدين, Abd al-Rahman, Abu Bakr,
    Nour al-Din); one part is a given name; two are given and family name; with three or more, the first
    is the given name, the last the family name, and everything between is the father's (and
    grandfather's) name.
    """
    parts = _compound_parts(" ".join(full_name.split()))
    if not parts:
        return ("", "", "")
    if len(parts) == 1:
        return (parts[0], "", "")
    if len(parts) == 2:
        return (parts[0], "", parts[1])
    return (parts[0], " ".join(parts[1:-1]), parts[-1])


ARABIC_JOINERS = ("عبد", "أبو", "ابو", "أبي", "ابي", "أم", "ام")
ARABIC_FOLLOWERS = ("الدين", "الله")
LATIN_JOINERS = ("abd", "abdul", "abdel", "abu", "abou", "umm")
LATIN_ARTICLES = ("al", "el", "ul", "ad", "ar", "as", "an", "at", "az", "ud")
LATIN_FOLLOWERS = ("din", "deen", "allah", "ullah")


def _compound_parts(text):
    words = text.split(" ") if text else []
    parts = []
    index = 0
    while index < len(words):
        part = words[index]
        lower = part.lower()
        if (part in ARABIC_JOINERS or lower in LATIN_JOINERS) and index + 1 < len(words):
            part = f"{part} {words[index + 1]}"
            index += 1
            # "Abd al Rahman": an article written as its own word belongs to the compound too.
            if words[index].lower() in LATIN_ARTICLES and index + 1 < len(words):
                part = f"{part} {words[index + 1]}"
                index += 1
        elif parts and (part in ARABIC_FOLLOWERS or _latin_follower(lower)):
            parts[-1] = f"{parts[-1]} {part}"
            index += 1
            continue
        parts.append(part)
        index += 1
    return parts


def _latin_follower(word):
    stem = word.split("-", 1)[1] if "-" in word and word.split("-", 1)[0] in LATIN_ARTICLES else word
    return stem in LATIN_FOLLOWERS


def initials(name, script):
    """M. A. / م. ع. — one initial per compound part."""
    # The article is not the name: الحسن -> ح., al-Hassan -> H.
    parts = [re.sub(r"^(?:ال(?=\S{2,})|(?:al|el)-)", "", part, flags=re.I) for part in _compound_parts(name)]
    letters = [part[0] for part in parts if part]
    if script == "ar":
        return " ".join(f"{letter}." for letter in letters)
    return " ".join(f"{letter.upper()}." for letter in letters)

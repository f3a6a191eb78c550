"""Names as the archive searches and splits them: Arabic normalisation, Latin transliteration keys,
and the rule that splits a full name into given, father's and family name.

Every word of a public name is stored as one key (`name_keys`); every word of a query becomes the set of
keys it may match (`search_keys`), and a name matches when each query word meets one of its keys.

- Arabic words are normalised: أحمد / احمد / إحمد, عبد الله / عبدالله.
- Latin words listed in `LATIN_NAMES` are keyed by their entry (=muhammad), so the listed spellings meet
  (Mohammad / Muhammad / Mohammed / Mohamed, Hussein / Husayn, Youssef / Yusuf) while names a consonant
  skeleton cannot tell apart stay apart (Mohammad / Mahmoud, Omar / Amr, Amir / Amira, Samer / Samir).
- Other Latin words are keyed by their consonant skeleton (Fadi / Fady -> fd). An unlisted query word
  also finds the listed names spelled with its skeleton, and a listed one the unlisted words spelled with
  a skeleton of its spellings: an unknown spelling is ambiguous, so it finds every name it may stand for.
- Compounds are joined before keying: Abd al-Rahman / Abdul Rahman / Abdel Rahman / Abdurrahman,
  Nour al-Din / Nour ad-Din.
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

# Common given names, each under one key with its Latin spellings (lowercase letters, no article). A
# skeleton alone would make Mohammad = Mahmoud, or miss Tarek = Tariq; extend as partners' lists show more.
# Spellings shared by two names (Salem: سالم or سليم) stay out, so their skeleton finds both. Stored keys
# come from this table: a change needs a migration that rebuilds them, like 0004_rebuild_name_keys.
LATIN_NAMES = {
    "muhammad": "mohammad mohammed mohamed mohamad muhamad muhammed mouhammad mouhamad mhd mohd",
    "mahmud": "mahmoud mahmood",
    "ahmad": "ahmed",
    "mahdi": "mehdi mahdy",
    "hamid": "hamed",
    "hamdi": "hamdy",
    "hamud": "hamoud hammoud hammud",
    "hamuda": "hamouda hammouda hamoudeh hamoudah",
    "umar": "omar omer",
    "amr": "amro amru amrou",
    "amir": "ameer emir",
    "amira": "ameera amirah",
    "usama": "osama ousama oussama usamah osamah",
    "asma": "asmaa asmah",
    "salim": "saleem selim",
    "salma": "salmah selma",
    "khalid": "khaled khaleed",
    "khulud": "kholoud khouloud khulood",
    "hasan": "hassan hassane",
    "husni": "housni hosni husny hosny",
    "husayn": "hussein hussain husain hossein husein hussien",
    "yusuf": "youssef yousef yusef yousif yousuf youssif",
    "samir": "sameer",
    "samira": "sameera samirah",
    "samer": "",
    "bashar": "bachar",
    "bashir": "basheer bachir",
    "ibrahim": "ebrahim ibraheem",
    "ismail": "ismaeel ismael esmail",
    "mustafa": "moustafa mostafa mustapha moustapha",
    "ali": "aly",
    "tariq": "tareq tarek tarik",
    "qasim": "qassim qassem qasem kassem kasem kasim",
    "yahya": "yehia yahia yihya",
    "uthman": "othman osman outhman",
    "amin": "amine ameen",
    "amina": "aminah ameena amineh",
    "yasin": "yassin yassine yaseen",
    "jamil": "jameel",
    "jamila": "jameela jamilah",
    "nabil": "nabeel",
    "nabila": "nabeela nabilah",
    "karim": "kareem",
    "karima": "kareema karimah",
    "hani": "hany",
    "hana": "hanaa",
    "fatima": "fatimah fatma fatmah fatme fatmeh fatemeh",
    "aisha": "aysha aicha aisheh aishah ayesha aysheh",
    "zaynab": "zeinab zainab zaineb",
    "maryam": "mariam mariyam",
    "nur": "nour noor",
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


def _latin_letters(word):
    return re.sub(r"[^a-z]", "", _ascii_lower(word))


def latin_skeleton(letters):
    """A consonant skeleton of one Latin-script word: Mohammad, Muhammad, Mohamed -> mhmd; Fady -> fd."""
    word = LATIN_ARTICLE.sub("", letters)
    if not word:
        return ""
    # Fady, Hamdy, Ramy: a final y after a consonant is the vowel i.
    if len(word) > 2 and word.endswith("y") and word[-2] not in VOWELS:
        word = word[:-1] + "i"
    for digraph, replacement in LATIN_DIGRAPHS:
        word = word.replace(digraph, replacement)
    if len(word) > 3 and word.endswith("h") and word[-2] in VOWELS:
        word = word[:-1]
    first = "a" if word[0] in VOWELS else word[0]
    skeleton = first + "".join(char for char in word[1:] if char not in VOWELS)
    return re.sub(r"(.)\1+", r"\1", skeleton)


def _listed_key(name):
    # "=" never occurs in a skeleton or an Arabic key, so a listed name meets only its own spellings.
    return f"={name}"


def _index_listed_names():
    """spelling -> name, name -> the skeletons of its spellings, skeleton -> keys of the names spelled so."""
    by_spelling, skeletons, by_skeleton = {}, {}, {}
    for name, spellings in LATIN_NAMES.items():
        for spelling in (name, *spellings.split()):
            by_spelling[spelling] = name
            skeletons.setdefault(name, set()).add(latin_skeleton(spelling))
            by_skeleton.setdefault(latin_skeleton(spelling), set()).add(_listed_key(name))
    return by_spelling, skeletons, by_skeleton


LISTED_NAMES, LISTED_SKELETONS, LISTED_BY_SKELETON = _index_listed_names()


def _listed_name(letters):
    # al-Hassan is Hassan; the unstripped form first, so a listed name is never read as an article.
    return LISTED_NAMES.get(letters) or LISTED_NAMES.get(LATIN_ARTICLE.sub("", letters))


def latin_key(word):
    """The stored key of one Latin-script word: its entry in `LATIN_NAMES` (=muhammad) or its skeleton."""
    letters = _latin_letters(word)
    name = _listed_name(letters)
    return _listed_key(name) if name else latin_skeleton(letters)


def latin_search_keys(word):
    """Every key one Latin-script query word may match: Mohammad -> =muhammad and the unlisted spellings
    sharing a skeleton with its spellings; Mhammad (unlisted) -> mhmd, =muhammad and =mahmud."""
    letters = _latin_letters(word)
    name = _listed_name(letters)
    if name:
        return {_listed_key(name), *LISTED_SKELETONS[name]}
    skeleton = latin_skeleton(letters)
    return {skeleton, *LISTED_BY_SKELETON.get(skeleton, ())} if skeleton else set()


def arabic_key(word):
    word = re.sub(r"[^\u0621-\u064A]", "", word)
    # The article is folded so that الحسن finds حسن; short names keep it (الله is a name part).
    if word.startswith("ال") and len(word) >= 5:
        word = word[2:]
    return word


def _words(text):
    """The words of a name or a query, Arabic normalised and Latin compounds joined."""
    return normalise_arabic(text).split() if is_arabic(text) else join_latin_compounds(text).split()


def name_keys(text):
    """The stored keys of a name: one per word, in whichever script each word is."""
    keys = [arabic_key(word) if is_arabic(word) else latin_key(word) for word in _words(text)]
    return [key for key in dict.fromkeys(keys) if key]


def search_keys(text):
    """What each word of a query may match: one sorted tuple of keys per distinct word."""
    choices = [{arabic_key(word)} if is_arabic(word) else latin_search_keys(word) for word in _words(text)]
    choices = [tuple(sorted(filter(None, keys))) for keys in choices]
    return list(dict.fromkeys(choice for choice in choices if choice))


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

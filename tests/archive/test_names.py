"""Name normalisation, transliteration keys and the name-splitting rule."""

import pytest

from memorial.archive.names import (
    LATIN_NAMES,
    LISTED_NAMES,
    initials,
    latin_key,
    name_keys,
    normalise_arabic,
    search_keys,
    split_full_name,
)


@pytest.mark.parametrize(
    "variants",
    [
        ["أحمد", "احمد", "إحمد", "آحمد", "ٱحمد"],
        ["مُحَمَّد", "محمد", "محـــمد"],
        ["فاطمة", "فاطمه"],
        ["مصطفى", "مصطفي"],
        ["لؤي", "لوي"],
        ["هانئ", "هاني"],
        ["عبد الله", "عبدالله", "عَبْد الله"],
        ["نور الدين", "نورالدين"],
        ["أبو بكر", "ابوبكر"],
    ],
)
def test_arabic_spelling_variants_share_one_key(variants):
    keys = {tuple(name_keys(variant)) for variant in variants}
    assert len(keys) == 1, keys


def test_arabic_normalisation_removes_diacritics_and_tatweel():
    assert normalise_arabic("سَلْمَى") == "سلمي"
    assert normalise_arabic("حـــسن") == "حسن"


@pytest.mark.parametrize(
    "variants",
    [
        ["Mohammad", "Muhammad", "Mohammed", "Mohamed", "Mhd"],
        ["Hussein", "Husayn", "Hussain"],
        ["Youssef", "Yusuf", "Yousef"],
        ["Ahmad", "Ahmed"],
        ["Khaled", "Khalid"],
        ["Omar", "Umar"],
        ["Fatima", "Fatimah"],
        ["Abd al-Rahman", "Abdul Rahman", "Abdel Rahman", "Abdurrahman", "Abd ar-Rahman", "Abd al Rahman"],
        ["Abdullah", "Abd Allah", "Abdallah"],
        ["Nour al-Din", "Nour ad-Din", "Nour el-Din"],
        ["al-Hassan", "Al Hassan", "Hassan", "el-Hassan"],
        ["Muñoz", "Munoz"],
    ],
)
def test_latin_transliterations_share_one_key(variants):
    keys = {tuple(name_keys(variant)) for variant in variants}
    assert len(keys) == 1, keys


def matches(query, name):
    """The search rule: every word of the query meets one of the name's stored keys."""
    keys = set(name_keys(name))
    return all(keys & set(choice) for choice in search_keys(query))


@pytest.mark.parametrize(
    "variants",
    [
        ["Mohammad", "Muhammad", "Mohammed", "Mohamed", "Mohamad", "Mouhammad", "Mhd", "Mohd"],
        ["Abdul Rahman", "Abd al-Rahman", "Abdel Rahman", "Abdurrahman"],
        ["Nour al-Din", "Nour ad-Din", "Nour el-Din"],
        ["Hussein", "Husayn", "Hussain", "Husain", "Hossein"],
        ["Youssef", "Yusuf", "Yousef", "Yusef", "Yousif"],
        ["Mahmoud", "Mahmud", "Mahmood"],
        ["Omar", "Umar", "Omer"],
        ["Amr", "Amro", "Amru"],
        ["Amir", "Ameer"],
        ["Amira", "Ameera", "Amirah"],
        ["Usama", "Osama", "Ousama"],
        ["Asma", "Asmaa"],
        ["Salim", "Saleem", "Selim"],
        ["Khalid", "Khaled"],
        ["Khulud", "Kholoud"],
        ["Hasan", "Hassan", "al-Hassan"],
        ["Husni", "Housni"],
        ["Samir", "Sameer"],
        ["Bashir", "Basheer"],
        ["Fatima", "Fatma", "Fatme", "Fatimah"],
        ["Aisha", "Aysha", "Aicha", "Aisheh"],
        ["Zaynab", "Zeinab", "Zainab"],
        ["Maryam", "Mariam"],
        ["Nur", "Nour", "Noor"],
        ["Ibrahim", "Ebrahim"],
        ["Ismail", "Ismaeel"],
        ["Mustafa", "Moustafa", "Mostafa"],
        ["Ahmad", "Ahmed"],
        ["Ali", "Aly"],
        ["Abdullah", "Abdallah", "Abd Allah"],
        ["Tariq", "Tarek", "Tareq"],
        ["Hamouda", "Hamoudeh"],
        ["Fadi", "Fady"],
        ["Hamdi", "Hamdy"],
        ["Rami", "Ramy"],
    ],
)
def test_spellings_of_one_name_find_each_other(variants):
    for query in variants:
        for name in variants:
            assert matches(query, name), (query, name)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Mahmoud", "Mohammad"),
        ("Omar", "Amr"),
        ("Amir", "Amira"),
        ("Asma", "Usama"),
        ("Salma", "Salim"),
        ("Khaled", "Khulud"),
        ("Hasan", "Husni"),
        ("Hasan", "Hussein"),
        ("Samer", "Samir"),
        ("Bashar", "Bashir"),
        ("Hamdi", "Hamid"),
        ("Mahmoud Haddad", "Mohammad Haddad"),
    ],
)
def test_names_one_skeleton_cannot_tell_apart_do_not_find_each_other(one, other):
    assert not matches(one, other)
    assert not matches(other, one)


def test_an_unlisted_spelling_finds_every_name_its_skeleton_may_stand_for():
    for name in ("Mohammad", "Mahmoud", "Mhammad"):
        assert matches("Mhammad", name), name
    assert matches("Mohammad", "Mhammad")
    assert not matches("Mhammad", "Hamid")


def test_a_wrong_first_name_with_the_right_family_name_is_no_match():
    assert matches("Muhammad Haddad", "Mohammed Khaled Haddad")
    assert not matches("Omar Haddad", "Amr Haddad")
    assert not matches("Mohammad Mahmoud Haddad", "Mohammad Haddad")


def test_the_name_table_lists_each_spelling_once_as_the_keys_read_it():
    spellings = [spelling for name, others in LATIN_NAMES.items() for spelling in (name, *others.split())]
    assert len(spellings) == len(LISTED_NAMES)
    for spelling in spellings:
        assert latin_key(spelling) == f"={LISTED_NAMES[spelling]}", spelling


def test_different_names_keep_different_keys():
    assert latin_key("Hasan") != latin_key("Hussein")
    assert name_keys("حسن") != name_keys("حسين")
    assert name_keys("Ali Hassan") != name_keys("Omar Hassan")


def test_a_query_gives_one_key_per_word():
    assert name_keys("Mohammed al-Hassan") == [latin_key("Muhammad"), latin_key("Hassan")]
    assert len(name_keys("محمد عبد الله الحسن")) == 3
    assert name_keys("") == []
    assert name_keys("  - ' ") == []
    assert search_keys("") == []
    assert search_keys("  - ' ") == []
    assert len(search_keys("Mohammad Mohamed al-Hassan")) == 2


@pytest.mark.parametrize(
    ("full_name", "parts"),
    [
        ("علي", ("علي", "", "")),
        ("سلمى الحسن", ("سلمى", "", "الحسن")),
        ("محمد خالد الحسن", ("محمد", "خالد", "الحسن")),
        ("عبد الله محمود نور الدين", ("عبد الله", "محمود", "نور الدين")),
        ("أبو بكر سالم", ("أبو بكر", "", "سالم")),
        ("محمد عبد الرحمن خالد الحسن", ("محمد", "عبد الرحمن خالد", "الحسن")),
        ("Abd al-Rahman Khaled al-Hassan", ("Abd al-Rahman", "Khaled", "al-Hassan")),
        ("Abu Bakr Salem", ("Abu Bakr", "", "Salem")),
        ("Abd al Rahman Ali", ("Abd al Rahman", "", "Ali")),
        ("Nour al-Din Zaki", ("Nour al-Din", "", "Zaki")),
        ("  Salma   Khaled  ", ("Salma", "", "Khaled")),
        ("", ("", "", "")),
    ],
)
def test_full_names_split_with_compounds_kept_together(full_name, parts):
    assert split_full_name(full_name) == parts


def test_initials_skip_the_article_and_keep_compounds_whole():
    assert initials("عبد الله", "ar") == "ع."
    assert initials("الحسن", "ar") == "ح."
    assert initials("Abd al-Rahman", "latin") == "A."
    assert initials("al-Hassan", "latin") == "H."
    assert initials("salma khaled", "latin") == "S. K."

"""Name normalisation, transliteration keys and the name-splitting rule."""

import pytest

from memorial.archive.names import initials, latin_key, name_keys, normalise_arabic, split_full_name


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


def test_different_names_keep_different_keys():
    assert latin_key("Hasan") != latin_key("Hussein")
    assert name_keys("حسن") != name_keys("حسين")
    assert name_keys("Ali Hassan") != name_keys("Omar Hassan")


def test_a_query_gives_one_key_per_word():
    assert name_keys("Mohammed al-Hassan") == [latin_key("Muhammad"), latin_key("Hassan")]
    assert len(name_keys("محمد عبد الله الحسن")) == 3
    assert name_keys("") == []
    assert name_keys("  - ' ") == []


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

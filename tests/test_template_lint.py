"""No public template reads a private field: victims reach templates only as public representations (P1)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Public templates: the project's and every app's, except screens that live inside the Wagtail admin.
PUBLIC_TEMPLATES = sorted(
    path
    for folder in [ROOT / "templates", *ROOT.glob("home/templates"), *ROOT.glob("memorial/*/templates")]
    for path in folder.rglob("*.html")
    if "admin" not in path.relative_to(folder).parts and "privacy" not in path.relative_to(folder).parts[:1]
)
TEMPLATE_CODE = re.compile(r"{{(.*?)}}|{%(.*?)%}", re.S)
PRIVATE = re.compile(
    r"\b(identity|VictimIdentity|given_name|father_name|family_name|birth_date|home_village|family_details"
    r"|pseudonym_ar|pseudonym_latin|\w+_policy|guard_level|external_source|external_id|date_of_death"
    r"|file\.url|original)\b"
)


def test_there_are_public_templates_to_check():
    names = {path.name for path in PUBLIC_TEMPLATES}
    assert {"base.html", "victim_page.html", "victim_index.html", "404.html"} <= names


@pytest.mark.parametrize("path", PUBLIC_TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_template_reads_no_private_field(path):
    code = " ".join(" ".join(groups) for groups in TEMPLATE_CODE.findall(path.read_text()))
    found = PRIVATE.findall(code)
    assert not found, f"{path.relative_to(ROOT)} reads {sorted(set(found))}"


def test_the_lint_catches_a_private_read():
    code = " ".join(" ".join(groups) for groups in TEMPLATE_CODE.findall("{{ victim.identity.given_name_ar }}"))
    assert PRIVATE.findall(code)

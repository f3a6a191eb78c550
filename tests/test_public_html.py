"""Every public page is valid HTML by the W3C Nu Html Checker (npm `vnu-jar`, run on the machine's Java)."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

import pytest
from bs4 import BeautifulSoup

# The crawl reads the database (the session fixture public_pages in conftest).
pytestmark = pytest.mark.django_db

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_the_crawl_reaches_every_kind_of_public_page(public_pages):
    paths = {page.path for page in public_pages if page.status == 200}
    for language in ("ar", "en"):
        for expected in ("/", "/victims/", "/attacks/", "/statistics/"):
            assert f"/{language}{expected}" in paths
        # The index's further pages, each from the last record of the one before.
        assert any(path.startswith(f"/{language}/victims/?after=") for path in paths)
        assert any(path.startswith(f"/{language}/victims/") and "?" not in path and len(path) > 12 for path in paths)
        assert any(path.startswith(f"/{language}/attacks/") and len(path) > 12 for path in paths)
    assert any(page.status == 404 for page in public_pages)


def test_every_public_page_passes_the_nu_html_checker(public_pages, tmp_path):
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker: make test installs default-jre-headless"
    documents = {}
    for number, page in enumerate(public_pages):
        if page.content_type.startswith("text/html") and page.status in (200, 404):
            document = tmp_path / f"{number}.html"
            document.write_bytes(page.body)
            documents[str(document)] = page.path
    assert len(documents) > 30
    checked = subprocess.run(
        [java, "-jar", VNU, "--format", "json", "--stdout", "--exit-zero-always", *documents],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    errors = [
        f"{documents[urlsplit(message['url']).path]}: {message['message']} ({message.get('extract', '').strip()})"
        for message in json.loads(checked.stdout)["messages"]
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
    assert errors == []


def test_every_public_page_has_a_favicon_a_description_and_open_graph_tags(public_pages):
    html = [page for page in public_pages if page.content_type.startswith("text/html") and page.status in (200, 404)]
    assert len(html) > 30
    for page in html:
        head = BeautifulSoup(page.body, "html.parser").head
        icon = head.select_one("link[rel=icon]")
        assert icon and finders.find(icon["href"].removeprefix(settings.STATIC_URL)), page.path
        description = head.select_one("meta[name=description]")["content"]
        tags = {tag["property"]: tag["content"] for tag in head.select("meta[property^='og:']")}
        assert description.strip() and tags["og:description"] == description, page.path
        assert tags["og:title"] and head.title.get_text().startswith(tags["og:title"]), page.path

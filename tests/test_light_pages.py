"""Light pages (issue 17): no public HTML page over 100 KB, and static files hashed and compressed in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MOST_HTML_BYTES = 100 * 1024


@pytest.mark.django_db
def test_no_public_page_is_over_100_kb_of_html(public_pages):
    html = [page for page in public_pages if page.content_type.startswith("text/html")]
    assert html
    heavy = {page.path: len(page.body) for page in html if len(page.body) > MOST_HTML_BYTES}
    assert heavy == {}


def test_collectstatic_on_production_settings_writes_hashed_and_compressed_files(tmp_path):
    # A process of its own: production settings are read at start-up. STATIC_ROOT goes to a temporary folder
    # through a settings module written for this test, so the run leaves the repository's staticfiles/ alone.
    (tmp_path / "collect_settings.py").write_text(
        f"from memorial.settings.production import *  # noqa: F403\nSTATIC_ROOT = {str(tmp_path / 'static')!r}\n"
        # The site's own files only: hashing and compressing all of Wagtail's admin files would take a minute.
        'STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]\n'
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "collect_settings",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
        "SECRET_KEY": "x" * 50,
    }
    environment.pop("DATABASE_URL", None)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    static = tmp_path / "static"
    manifest = (static / "staticfiles.json").read_text()
    # The site's own stylesheet: a hashed name, with a gzip copy beside it for WhiteNoise to serve. (WhiteNoise
    # writes Brotli copies too once the Brotli package is installed; requirements.txt does not have it yet.)
    stylesheets = [path for path in static.rglob("*.css") if path.stem.count(".") == 1 and path.parent.name == "css"]
    assert stylesheets, "no hashed stylesheet"
    for stylesheet in stylesheets:
        assert stylesheet.name in manifest
        assert stylesheet.with_name(stylesheet.name + ".gz").is_file()

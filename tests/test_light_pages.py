"""Light pages (issue 17): no public HTML page over 100 KB, and static files hashed and compressed (gzip and Brotli) in
production, served in the encoding the browser accepts."""

import json
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


# Run in the process that collected the files, on production settings: the site's own middleware (WhiteNoise's)
# answers a request for the hashed stylesheet with each encoding a browser may accept.
SERVE = """
import json, sys
import django
django.setup()
from django.test import Client
from django.templatetags.static import static
client = Client()
url = static("css/memorial.css")
answers = {}
for accepted in ("br, gzip", "gzip", ""):
    response = client.get(url, headers={"accept-encoding": accepted}, secure=True)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    answers[accepted] = [response.status_code, response.get("Content-Encoding", ""), len(body), response["Vary"]]
    response.close()
print(json.dumps({"url": url, "answers": answers}))
"""


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """collectstatic on production settings, in a process of its own: production settings are read at start-up.
    STATIC_ROOT goes to a temporary folder through a settings module written for this test, so the run leaves the
    repository's staticfiles/ alone."""
    folder = tmp_path_factory.mktemp("collect")
    (folder / "collect_settings.py").write_text(
        f"from memorial.settings.production import *  # noqa: F403\nSTATIC_ROOT = {str(folder / 'static')!r}\n"
        # The site's own files only: hashing and compressing all of Wagtail's admin files would take a minute.
        'STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]\n'
        'ALLOWED_HOSTS = ["testserver"]\n'
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "collect_settings",
        "PYTHONPATH": f"{folder}{os.pathsep}{ROOT}",
        "SECRET_KEY": "x" * 50,
    }
    environment.pop("DATABASE_URL", None)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    return folder / "static", environment


def test_collectstatic_on_production_settings_writes_hashed_gzip_and_brotli_files(collected):
    static, _ = collected
    manifest = (static / "staticfiles.json").read_text()
    # The site's own stylesheet: a hashed name, with a gzip and a Brotli copy beside it for WhiteNoise to serve.
    stylesheets = [path for path in static.rglob("*.css") if path.stem.count(".") == 1 and path.parent.name == "css"]
    assert stylesheets, "no hashed stylesheet"
    for stylesheet in stylesheets:
        assert stylesheet.name in manifest
        for compressed in (
            stylesheet.with_name(stylesheet.name + ".gz"),
            stylesheet.with_name(stylesheet.name + ".br"),
        ):
            assert compressed.is_file()
            assert compressed.stat().st_size < stylesheet.stat().st_size


def test_the_hashed_stylesheet_is_served_in_brotli_or_gzip_as_the_browser_accepts(collected):
    static, environment = collected
    served = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SERVE], cwd=ROOT, env=environment, check=True, capture_output=True, text=True
    )
    result = json.loads(served.stdout.strip().splitlines()[-1])
    stylesheet = static / result["url"].removeprefix("/static/")
    assert stylesheet.stem.count(".") == 1, "not the hashed name"
    answers = result["answers"]
    assert answers["br, gzip"] == [
        200,
        "br",
        (stylesheet.parent / f"{stylesheet.name}.br").stat().st_size,
        "Accept-Encoding",
    ]
    assert answers["gzip"] == [
        200,
        "gzip",
        (stylesheet.parent / f"{stylesheet.name}.gz").stat().st_size,
        "Accept-Encoding",
    ]
    assert answers[""] == [200, "", stylesheet.stat().st_size, "Accept-Encoding"]

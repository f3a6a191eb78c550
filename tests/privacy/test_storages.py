"""Every storage can be handed to Wagtail's file-deleting background task: its deconstructed arguments are
JSON. A Path location once made every photo deletion fail after the rows were gone, leaving the files."""

import json
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

import pytest

from memorial.privacy.checks import storages_deconstruct_to_json

DECONSTRUCT_EVERY_STORAGE = """
import json
import django
from django.conf import settings
from django.core.files.storage import storages

django.setup()
print(json.dumps({alias: storages.create_storage(config).deconstruct() for alias, config in settings.STORAGES.items()}))
"""


def test_the_configured_storages_pass_the_check():
    assert storages_deconstruct_to_json(None) == []


def test_a_path_location_fails_the_system_check(settings, tmp_path):
    originals = settings.STORAGES["originals"]
    settings.STORAGES = {
        **settings.STORAGES,
        "originals": {**originals, "OPTIONS": {**originals["OPTIONS"], "location": tmp_path}},
    }

    (error,) = storages_deconstruct_to_json(None)

    assert error.id == "privacy.E002"
    assert error.obj == "originals"
    with pytest.raises(SystemCheckError, match="privacy.E002"):
        call_command("check", fail_level="WARNING")


@pytest.mark.parametrize(
    ("module", "environment"),
    [
        ("memorial.settings.dev", {}),
        ("memorial.settings.production", {"SECRET_KEY": "x" * 50, "SECURE_SSL_REDIRECT": "false"}),
        (
            "memorial.settings.production",
            {
                "SECRET_KEY": "x" * 50,
                "SECURE_SSL_REDIRECT": "false",
                "AWS_STORAGE_BUCKET_NAME": "public-media",
                "AWS_PRIVATE_STORAGE_BUCKET_NAME": "private-media",
            },
        ),
    ],
    ids=["make-run", "production-local-files", "production-s3"],
)
def test_every_storage_of_the_real_settings_deconstructs_to_json(module, environment):
    # A process of its own: settings modules are read once per process.
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("AWS_")},
        **environment,
        "DJANGO_SETTINGS_MODULE": module,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", DECONSTRUCT_EVERY_STORAGE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    deconstructed = json.loads(result.stdout)
    assert {"default", "originals", "renditions", "staticfiles"} <= deconstructed.keys()

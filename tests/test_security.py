"""Security headers and settings that must hold from the first deploy."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import pytest

from tests.production import production_setting

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/ar/", "/en/", "/en/no-such-page/", "/robots.txt"])
def test_public_responses_carry_a_strict_content_security_policy(client, path):
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    every_source = [source for sources in policy.values() for source in sources]
    assert "'unsafe-inline'" not in every_source
    assert not [source for source in every_source if source.startswith(("http:", "https:", "*"))]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_public_pages_contain_no_inline_script(client):
    html = client.get("/ar/").content.decode()
    assert "<script>" not in html
    assert " on" + "click=" not in html


def test_admin_gets_the_policy_it_needs(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"


def test_redirects_are_never_created_automatically():
    assert settings.WAGTAILREDIRECTS_AUTO_CREATE is False


def test_time_zone_is_syrian():
    assert settings.TIME_ZONE == "Asia/Damascus"


def run_production_check(environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "MEMORIAL_SEALING_KEYS"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "memorial.settings.production", **environment})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_production_check(
        {
            "SECRET_KEY": "k" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
            "ALLOWED_HOSTS": "memorial.example",
            "CSRF_TRUSTED_ORIGINS": "https://memorial.example",
            "MEMORIAL_SEALING_KEYS": "dGVzdC1vbmx5LW1lbW9yaWFsLXNlYWxpbmcta2V5LTA=",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_warns_when_no_sealing_key_is_set():
    result = run_production_check(
        {
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "memorial.example",
            "CSRF_TRUSTED_ORIGINS": "https://memorial.example",
        }
    )
    assert result.returncode != 0
    assert "privacy.W001" in result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_production_check({"ALLOWED_HOSTS": "memorial.example"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


DEPLOYABLE = {
    "SECRET_KEY": "k" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "memorial.example",
    "CSRF_TRUSTED_ORIGINS": "https://memorial.example",
    "MEMORIAL_SEALING_KEYS": "dGVzdC1vbmx5LW1lbW9yaWFsLXNlYWxpbmcta2V5LTA=",
}


@pytest.mark.parametrize("private_bucket", [None, "memorial-media"])
def test_photo_originals_never_share_the_public_media_bucket(private_bucket):
    environment = {**DEPLOYABLE, "AWS_STORAGE_BUCKET_NAME": "memorial-media"}
    if private_bucket:
        environment["AWS_PRIVATE_STORAGE_BUCKET_NAME"] = private_bucket
    result = run_production_check(environment)
    assert result.returncode != 0
    assert "AWS_PRIVATE_STORAGE_BUCKET_NAME must name a private bucket" in result.stderr


def test_a_separate_private_bucket_is_accepted():
    result = run_production_check(
        {
            **DEPLOYABLE,
            "AWS_STORAGE_BUCKET_NAME": "memorial-media",
            "AWS_PRIVATE_STORAGE_BUCKET_NAME": "memorial-private",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_workers_keep_their_database_connection():
    # A connection per request cost a cached page five times the page itself on SQLite (bench/http_bench.py).
    assert production_setting("DATABASES['default']['CONN_MAX_AGE']", {}) == "60"
    assert production_setting("DATABASES['default']['CONN_HEALTH_CHECKS']", {}) == "True"
    assert production_setting("DATABASES['default']['CONN_MAX_AGE']", {"DATABASE_CONN_MAX_AGE": "0"}) == "0"

"""Reading production's settings as a server would: in a fresh process, from an environment without the suite's
database or cache variables."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def production_setting(expression, environment):
    """What `settings.<expression>` prints under memorial.settings.production with `environment` added."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "REDIS_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "memorial.settings.production", "SECRET_KEY": "k" * 60, **environment})
    result = subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print(settings.{expression})"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()

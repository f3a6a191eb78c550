"""The restore drill of docs/deploy.md, run in the suite's PostgreSQL leg (it makes and drops databases of its own,
so the SQLite leg leaves it to that leg rather than run it twice)."""

import os
import subprocess
from pathlib import Path

import pytest

DRILL = Path(__file__).resolve().parent.parent / "bench" / "restore_drill.sh"
SKIPPED = 75


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs in the suite's PostgreSQL leg"
)
def test_restore_drill_keeps_sealed_identities_and_withdrawals():
    result = subprocess.run([str(DRILL)], capture_output=True, text=True, timeout=600)
    if result.returncode == SKIPPED:
        pytest.skip(result.stdout.strip())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "restore drill passed" in result.stdout

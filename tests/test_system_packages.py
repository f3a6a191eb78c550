"""`make test` installs the Debian packages it needs (chromium, npm, Java, FriBiDi) or stops with the command that would
(tests/system_packages.sh)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "system_packages.sh"


@pytest.fixture
def machine(tmp_path):
    """A PATH holding only what the script may use, with apt-get, id and (optionally) sudo faked and logged."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "env"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    log = tmp_path / "calls.log"

    def fake(name, body):
        path = bin_dir / name
        path.write_text(f"#!{shutil.which('bash')}\n{body}\n")
        path.chmod(0o755)

    fake("apt-get", f'echo "apt-get $*" >> {log}')

    def run(*, uid, sudo=False, present=()):
        fake("id", f"echo {uid}")
        if sudo:
            fake("sudo", f'echo "sudo" >> {log}; "$@"')
        libraries = tmp_path / "lib"
        libraries.mkdir(exist_ok=True)
        for tool in present:
            if tool == "libfribidi0":
                (libraries / "libfribidi.so.0.4.0").write_bytes(b"")
            else:
                fake(tool, "true")
        env = {
            "PATH": str(bin_dir),
            "CHROMIUM": str(bin_dir / "chromium"),
            "FRIBIDI_GLOB": str(libraries / "libfribidi.so.0*"),
        }
        result = subprocess.run([shutil.which("bash"), SCRIPT], env=env, capture_output=True, text=True, check=False)
        return result, (log.read_text().splitlines() if log.exists() else [])

    return run


def test_nothing_is_installed_when_chromium_and_npm_are_there(machine):
    result, calls = machine(uid=1000, present=("chromium", "npm", "java", "libfribidi0"))
    assert result.returncode == 0
    assert calls == []


def test_root_installs_what_is_missing(machine):
    result, calls = machine(uid=0, present=("npm", "java", "libfribidi0"))
    assert result.returncode == 0
    assert "Installing the Debian packages the tests need: chromium" in result.stdout
    assert calls == ["apt-get update -qq", "apt-get install -y -qq --no-install-recommends chromium"]


def test_a_user_with_sudo_installs_through_it(machine):
    result, calls = machine(uid=1000, sudo=True)
    assert result.returncode == 0
    assert calls == [
        "sudo",
        "apt-get update -qq",
        "sudo",
        "apt-get install -y -qq --no-install-recommends chromium npm default-jre-headless libfribidi0",
    ]


def test_without_root_or_sudo_it_stops_at_once_with_the_command(machine):
    result, calls = machine(uid=1000)
    assert result.returncode == 1
    assert calls == []
    assert (
        "su -c 'apt-get update && apt-get install -y --no-install-recommends chromium npm default-jre-headless libfribidi0'"
        in result.stderr
    )


def test_make_test_runs_it_before_the_suite():
    dry_run = subprocess.run(
        [shutil.which("make"), "-n", "pytest"],
        cwd=SCRIPT.parent.parent,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MAKEFLAGS": ""},
    ).stdout
    assert "tests/system_packages.sh" in dry_run
    assert dry_run.index("tests/system_packages.sh") < dry_run.index("pytest")

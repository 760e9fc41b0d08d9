"""`make run` installs only what running needs and says what it does; `make test` adds the development tools.

Dry runs (`make -n`) against a virtualenv path that does not exist, so nothing is installed.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _dry_run(target, tmp_path):
    result = subprocess.run(
        ["make", "-n", target, f"VENV={tmp_path / 'venv'}", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_run_installs_the_runtime_only_and_announces_each_step(tmp_path):
    out = _dry_run("run", tmp_path)
    assert "install -e ." in out
    assert "[dev]" not in out
    # pip shows its progress: no quiet flag on any pip command.
    assert not [line for line in out.splitlines() if "pip" in line and " -q" in line]
    # Every install step is announced before it starts.
    assert out.index("Creating the Python virtualenv") < out.index("-m venv")
    assert out.index("needs to run (first time") < out.index("install -e .")
    assert "Serving http://127.0.0.1:8123/" in out and "second terminal" in out
    assert "PORT=8123 scripts/serve-dev.sh" in out


def test_test_installs_the_development_tools(tmp_path):
    out = _dry_run("test", tmp_path)
    assert "install -e '.[dev]'" in out
    assert out.index("Installing the development tools") < out.index("install -e '.[dev]'")


def test_venv_is_the_full_development_install_used_by_ci(tmp_path):
    assert "install -e '.[dev]'" in _dry_run("venv", tmp_path)

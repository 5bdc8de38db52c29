"""`make install` puts a working `timer-tui` on the PATH, and `make uninstall` takes it away."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, VENV_BIN

pytestmark = pytest.mark.e2e


@pytest.mark.skipif(VENV_BIN.resolve() != (REPO / ".venv" / "bin").resolve(), reason="needs .venv")
def test_make_install_links_the_command(tmp_path: Path, subprocess_env: dict[str, str]) -> None:
    bindir = tmp_path / "bin"
    env = {**subprocess_env, "PATH": "/usr/bin:/bin"}
    # -o: the venv is installed already; never reinstall it from a test.
    make = ["make", "-s", "-C", str(REPO), "-o", ".venv/.installed", f"BINDIR={bindir}"]
    done = subprocess.run([*make, "install"], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "is not on your PATH" in done.stdout and f'export PATH="{bindir}:' in done.stdout
    command = bindir / "timer-tui"
    env["PATH"] = f"{bindir}:/usr/bin:/bin"
    version = subprocess.run(
        ["timer-tui", "--version"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert version.returncode == 0 and version.stdout.startswith("timer-tui "), version.stderr
    assert command.is_symlink()
    subprocess.run([*make, "uninstall"], check=True, env=env, capture_output=True)
    assert not command.exists()

"""Each hint names the command that works for how this copy was installed.

The folders are laid out as each kind of install lays them (a checkout's
pyproject.toml and Makefile, pipx's pipx_metadata.json); tests/e2e's wheel test
checks a real venv install end to end.
"""

from __future__ import annotations

import platform
import shutil
import sys
from pathlib import Path

import pytest

from timer_tui.audio.hints import (
    NOT_FOUND,
    NOT_INSTALLED,
    Install,
    detect_install,
    hint_for,
    install_command,
    install_hint,
)
from timer_tui.audio.outputs import CHAIN

REPO = Path(__file__).resolve().parents[2]


def package_in(folder: Path) -> Path:
    package = folder / "timer_tui"
    package.mkdir(parents=True)
    return package


def test_this_checkout_is_a_checkout() -> None:
    assert detect_install() == Install("checkout", str(REPO))
    assert install_command("miniaudio") == f"make -C {REPO} audio"


def test_a_pipx_install(tmp_path: Path) -> None:
    venv = tmp_path / "pipx" / "venvs" / "timer-tui"
    package = package_in(venv / "lib" / "python3.11" / "site-packages")
    (venv / "pipx_metadata.json").write_text("{}")
    found = detect_install(package, prefix=str(venv), base_prefix="/usr")
    assert found == Install("pipx", "timer-tui")
    assert install_command("miniaudio", found) == "pipx inject timer-tui miniaudio"


def test_pip_in_a_venv_names_that_venvs_python(tmp_path: Path) -> None:
    venv = tmp_path / "my env"
    package = package_in(venv / "lib" / "python3.11" / "site-packages")
    python = str(venv / "bin" / "python")
    found = detect_install(package, prefix=str(venv), base_prefix="/usr", executable=python)
    assert found == Install("venv", python)
    assert install_command("simpleaudio-patched", found) == (
        f"'{python}' -m pip install simpleaudio-patched"
    )


def test_a_system_or_user_install(tmp_path: Path) -> None:
    package = package_in(tmp_path / "site-packages")
    found = detect_install(package, prefix="/usr", base_prefix="/usr")
    assert found == Install("system", "python3")
    assert install_command("miniaudio", found) == "python3 -m pip install --user miniaudio"


def test_a_folder_with_only_a_pyproject_is_not_a_checkout(tmp_path: Path) -> None:
    package = package_in(tmp_path / "src")
    (tmp_path / "src" / "pyproject.toml").write_text("")
    assert detect_install(package, prefix="/usr", base_prefix="/usr").kind == "system"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ALSA headers are Linux's")
def test_simpleaudio_asks_for_the_alsa_headers_first_where_apt_get_is() -> None:
    pipx = Install("pipx", "timer-tui")
    hint = install_hint("simpleaudio", pipx)
    if shutil.which("apt-get"):
        assert (
            hint
            == "sudo apt-get install -y libasound2-dev && pipx inject timer-tui simpleaudio-patched"
        )
    else:
        assert hint == "pipx inject timer-tui simpleaudio-patched"


def test_miniaudio_says_it_compiles_where_it_has_no_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    pipx = Install("pipx", "timer-tui")
    monkeypatch.setattr(platform, "machine", lambda: "aarch64")
    assert install_hint("miniaudio", pipx) == (
        "pipx inject timer-tui miniaudio (on aarch64 it compiles: a C compiler, no ALSA headers)"
    )
    monkeypatch.setattr(platform, "machine", lambda: "x86_64")
    assert install_hint("miniaudio", pipx) == "pipx inject timer-tui miniaudio"


def test_a_hint_only_where_installing_would_help() -> None:
    nothing = [
        (name, NOT_INSTALLED if name in ("simpleaudio", "miniaudio") else NOT_FOUND)
        for name in CHAIN
    ]
    assert hint_for("auto", nothing) == install_hint("miniaudio")
    no_device = [("simpleaudio", NOT_INSTALLED), ("miniaudio", "no sound device could be opened")]
    assert hint_for("auto", no_device) is None  # installing fixes no missing card
    assert hint_for("simpleaudio", [("simpleaudio", NOT_INSTALLED)]) == install_hint("simpleaudio")
    assert hint_for("aplay", [("aplay", NOT_FOUND)]) is None

"""The one command that turns sound (or speech) on, for the way this copy was installed.

A hint that names ``make audio`` to someone who ran ``pipx install`` is no hint:
a pipx install has no Makefile, and its venv is not the one ``pip`` reaches. So
the hint looks at where the running ``timer_tui`` lives:

- a checkout (``pyproject.toml`` and the ``Makefile`` beside the package):
  ``make -C CHECKOUT audio``;
- a pipx venv (pipx writes ``pipx_metadata.json`` into each): ``pipx inject APP PACKAGE``;
- any other venv: that venv's own ``python -m pip install PACKAGE``;
- a system or user install: ``python3 -m pip install --user PACKAGE``.
"""

from __future__ import annotations

import platform
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import timer_tui

PACKAGES = {"miniaudio": "miniaudio", "simpleaudio": "simpleaudio-patched"}
"""Each library backend and the distribution that provides it."""
NOT_INSTALLED = "not installed"
NOT_FOUND = "not found on PATH"
"""Why a library or a player was passed over when it simply is not there (no device tried)."""
WHEEL_MACHINES = ("x86_64", "amd64", "i686", "i386", "arm64")
"""Machines miniaudio publishes wheels for (Linux: x86_64 and i686; macOS: both; Windows: x86)."""


@dataclass(frozen=True, slots=True)
class Install:
    """How this copy of timer-tui was installed: ``kind`` and what the command needs."""

    kind: str
    """``checkout``, ``pipx``, ``venv`` or ``system``."""
    where: str
    """The checkout's folder, the pipx app's name, or the python to run pip with."""


def detect_install(
    package_dir: Path | None = None,
    prefix: str | None = None,
    base_prefix: str | None = None,
    executable: str | None = None,
) -> Install:
    """Where the running timer_tui came from; the arguments are for tests."""
    package_dir = package_dir or Path(timer_tui.__file__).resolve().parent
    prefix = sys.prefix if prefix is None else prefix
    base_prefix = sys.base_prefix if base_prefix is None else base_prefix
    executable = executable or sys.executable or "python3"
    root = package_dir.parent
    if (root / "pyproject.toml").is_file() and (root / "Makefile").is_file():
        return Install("checkout", str(root))
    venv = Path(prefix)
    if (venv / "pipx_metadata.json").is_file():
        return Install("pipx", venv.name)
    if prefix != base_prefix:
        return Install("venv", executable)
    return Install("system", "python3")


def install_command(package: str, install: Install | None = None) -> str:
    """The command that installs ``package`` (a distribution) where timer-tui runs."""
    install = install or detect_install()
    if install.kind == "checkout":
        return f"make -C {shlex.quote(install.where)} audio"
    if install.kind == "pipx":
        return f"pipx inject {shlex.quote(install.where)} {package}"
    if install.kind == "venv":
        return f"{shlex.quote(install.where)} -m pip install {package}"
    return f"python3 -m pip install --user {package}"


def install_hint(backend: str, install: Install | None = None) -> str:
    """How to get ``backend`` (``miniaudio`` or ``simpleaudio``), with what it needs first."""
    command = install_command(PACKAGES[backend], install)
    linux = sys.platform.startswith("linux")
    if backend == "simpleaudio" and linux and shutil.which("apt-get"):
        return f"sudo apt-get install -y libasound2-dev && {command}"
    if backend == "miniaudio" and platform.machine().lower() not in WHEEL_MACHINES:
        return f"{command} (on {platform.machine()} it compiles: a C compiler, no ALSA headers)"
    return command


def hint_for(choice: str, passed: list[tuple[str, str]]) -> str | None:
    """The install hint a failed start deserves, or None when installing would not help.

    Only a missing library earns one: the backend the config names, or (``auto``)
    miniaudio when nothing else was installed either. A missing device is not
    fixed by installing anything.
    """
    missing = {name for name, why in passed if why == NOT_INSTALLED}
    if choice in PACKAGES:
        return install_hint(choice) if choice in missing else None
    installed_any = any(why not in (NOT_INSTALLED, NOT_FOUND) for _, why in passed)
    if "miniaudio" in missing and not installed_any:
        return install_hint("miniaudio")
    return None


def speech_hint() -> str:
    if sys.platform == "darwin":
        return "the `say` command (part of macOS)"
    return "sudo apt-get install -y espeak-ng"

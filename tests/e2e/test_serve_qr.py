"""`timer-tui serve --host 0.0.0.0` in a real terminal prints a QR code of the address,
token included, for the phone's camera: read back off the screen by a real reader.

The terminal's text (tmux) is drawn by Chromium in a monospace font, black on
white as the terminal shows it, and zbarimg (Debian's zbar-tools) decodes the
screenshot: it must say the very address printed above it.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Tmux, app_command
from tests.e2e.test_serve_browser import browser  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def test_the_printed_qr_code_reads_as_the_printed_address(
    tmux: Tmux,
    browser: Any,  # noqa: F811  (the fixture imported above)
    tmp_path: Path,
) -> None:
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        if os.environ.get("CI"):
            pytest.fail("zbarimg is missing (.ci/run installs zbar-tools)")
        pytest.skip("needs zbarimg (sudo apt-get install -y zbar-tools)")
    command = app_command("serve", "--host", "0.0.0.0", "--port", "0", "--mute")
    tmux.run("new-session", "-d", "-s", "app", "-x", "100", "-y", "40", command)
    screen = tmux.wait_for(lambda s: "Ctrl+C stops serving" in s)
    match = re.search(r"serving on (http://\S+)", screen)
    assert match, screen
    code = [line for line in screen.splitlines() if set(line.strip()) <= set("▀▄█ ")]
    code = [line for line in code if line.strip()]
    assert len(code) >= 10, screen
    page = tmp_path / "qr.html"
    rows = "\n".join(["", *code, ""])
    page.write_text(
        "<meta name='viewport' content='width=device-width'>"
        "<body style='margin:16px;background:#888'><pre style=\"font: 16px/1.0 "
        "'DejaVu Sans Mono', monospace; color: #000; background: #fff; display: "
        f'inline-block; margin: 0; padding: 4px 12px">{html.escape(rows)}</pre></body>',
        encoding="utf-8",
    )
    browser.get(page.as_uri())
    shot = tmp_path / "qr.png"
    shot.write_bytes(browser.get_screenshot_as_png())
    read = subprocess.run(
        [zbarimg, "--quiet", "--raw", str(shot)], capture_output=True, text=True, timeout=30
    )
    assert read.stdout.strip() == match.group(1), (read.stdout, read.stderr)

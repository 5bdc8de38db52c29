"""``core.digest``: the same SHA-256 as hashlib's, without loading OpenSSL."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from timer_tui.core.digest import sha256_hex


@given(st.binary(max_size=4096))
def test_the_digest_is_hashlibs(data: bytes) -> None:
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_hashing_loads_no_openssl() -> None:
    """What the cut is for: ``_hashlib`` (OpenSSL's libcrypto) stays out of the process."""
    code = (
        "import sys; from timer_tui.core.digest import sha256_hex; sha256_hex(b'x');"
        "print('_hashlib' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"

"""SHA-256 without OpenSSL: Python's own implementation, where it has one.

``hashlib`` loads OpenSSL's libcrypto when it is imported: 0.6 MB of a run's
memory (issue 16), for hashing a session file of a few kilobytes once a run. CPython
carries its own SHA-256 as a built-in module (``_sha256`` up to 3.11, ``_sha2``
from 3.12); it gives the same digest. A Python without either uses ``hashlib``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _builtin_sha256() -> Callable[[bytes], Any]:
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:
            from hashlib import sha256
    return sha256  # type: ignore[no-any-return,unused-ignore]


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 hex digits, as ``hashlib.sha256(data).hexdigest()``."""
    return str(_builtin_sha256()(data).hexdigest())

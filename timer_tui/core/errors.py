"""The one exception a user can fix, shared by every layer.

It lives in the core so that the library can raise it (a session reference that
does not resolve, a missing editor) and the UI can catch it, without either of
them importing the command line, which is where it is finally printed: one line,
exit status 2.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix; printed as one line, exit status 2."""

"""The error documents raise: a FazhiError, so the CLI prints it and the GUI shows it, never a traceback."""

from __future__ import annotations

from fazhi_desktop.core.errors import FazhiError


class DocumentError(FazhiError):
    """A document cannot be made or saved; the message names the record or file and the reason."""

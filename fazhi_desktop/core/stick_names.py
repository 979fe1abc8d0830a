"""The names the program gives the files it writes onto a USB stick or into a folder the clerk chose, for another
office or for safekeeping: a bundle, a backup, a receipt and its signature. Only files of these names (unfinished:
core/atomic.py's temporary files) are ever removed from such a folder (core/leftovers.remove_parts)."""

from __future__ import annotations

import re
from pathlib import Path

from fazhi_desktop.core.backup.rotation import parse_name

#: fazhi-<township>-<sequence>[-<n>].tar.age: `-n` when a file of the plain name was on the stick (bundle/export.py)
BUNDLE_NAME = re.compile(r"^fazhi-(?P<township>\d{6,12})-(?P<sequence>\d{6,})(?:-(?P<n>\d{1,3}))?\.tar\.age$",
                         re.IGNORECASE)
#: fazhi-receipt-<township>-<through>.json and its .minisig (bundle/receipts.py)
RECEIPT_NAME = re.compile(r"^fazhi-receipt-\d{6,12}-\d{6,}\.json(?:\.minisig)?$", re.IGNORECASE)


def program_output(name: str) -> bool:
    """Is `name` one the program gives a bundle, a backup, a receipt or a receipt's signature?"""
    return bool(BUNDLE_NAME.match(name) or RECEIPT_NAME.match(name)) or parse_name(Path(name)) is not None

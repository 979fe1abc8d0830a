"""The order a batch of bundles is imported in: by township and sequence, each township's bundles oldest first.

The program names a bundle fazhi-<township>-<sequence>.tar.age, and that name gives its place. A file renamed on
the way ("海城镇12月.tar.age") was imported after all the others, and 第 2 号 after 第 3 号 was said as 顺序颠倒: a
phone call to the township for nothing. Such a file is decrypted first, its place read from the bag folder its tar
starts with (checked against the signed bag-info when its turn comes), and the decrypted file held for that turn:
nothing is decrypted twice. A file that cannot be decrypted keeps its place after the others, and its turn says why.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from fazhi_desktop.core.bundle.common import BUNDLE_NAME, BundleError
from fazhi_desktop.core.bundle.keys import CountyKeys
from fazhi_desktop.core.bundle.unpack import bag_root, decrypt
from fazhi_desktop.core.bundle.verify import work_folder
from fazhi_desktop.core.jobs import Cancelled, Progress
from fazhi_desktop.core.leftovers import WorkFolder
from fazhi_desktop.core.store import Store

#: where a file whose place cannot be read goes: after every township
LAST = "~"


@dataclass
class ReadAhead:
    """A renamed file decrypted before the batch: where it goes, and the work folder holding it decrypted (removed
    when its turn is over), or why it could not be decrypted (its refusal)."""

    place: tuple[str, int] | None = None
    folder: WorkFolder | None = None
    error: str | None = None


def order_key(path: Path, read: ReadAhead | None = None) -> tuple[str, int, bool, str]:
    """Township, sequence, then the program's own name before a renamed copy of the same bundle (which is then
    the one said 与本批中的 … 是同一个数据包), then the name."""
    match = BUNDLE_NAME.match(path.name)
    if match:
        return match["township"], int(match["sequence"]), False, path.name
    if read is not None and read.place is not None:
        return *read.place, True, path.name
    return LAST, 0, True, path.name


def read_ahead(store: Store, paths: list[Path], keys: CountyKeys, progress: Progress,
               held: contextlib.ExitStack) -> dict[Path, ReadAhead]:
    """Decrypt the files not named as the program names bundles, each in a work folder removed at its turn
    (open_bundle) or when `held` closes, whichever comes first. Raises Cancelled."""
    read: dict[Path, ReadAhead] = {}
    for path in paths:
        if BUNDLE_NAME.match(path.name):
            continue
        try:
            folder = work_folder(store)
        except BundleError as exc:
            read[path] = ReadAhead(error=str(exc))
            continue
        held.callback(folder.__exit__, None, None, None)  # removing it twice does nothing
        try:
            decrypt(path, keys.identity, folder.path, progress)
        except BundleError as exc:
            folder.__exit__(None, None, None)
            read[path] = ReadAhead(error=str(exc))
            continue
        except Cancelled:
            raise
        except Exception:  # a bug: left to its turn, which logs it and says so (apply.import_bundle)
            folder.__exit__(None, None, None)
            continue
        root = bag_root(folder.path)  # None: not a bag, refused at its turn as it would have been
        _, township, sequence = (root or "--0").split("-")
        read[path] = ReadAhead((township, int(sequence)) if root else None, folder)
    return read

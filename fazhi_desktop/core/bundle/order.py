"""The order a batch of bundles is imported in: by township and sequence, each township's bundles oldest first.

The program names a bundle fazhi-<township>-<sequence>.tar.age, and that name gives its place. A file renamed on
the way ("海城镇12月.tar.age") was imported after all the others, and 第 2 号 after 第 3 号 was said as 顺序颠倒: a
phone call to the township for nothing. Such a file's place is read ahead from the bag folder its tar starts with
(checked against the signed bag-info when its turn comes): age decrypts its first chunk (64 KB) and stops, nothing
is written to disk, and the whole file is decrypted at its turn, as any bundle is. Holding renamed files decrypted
until their turn took the temporary space of all of them at once (a nearly full county disk refused good ones) and
handed a file named twice in one batch a work folder its first turn had removed. A file whose place cannot be read
goes after the others, and its turn says why.
"""

from __future__ import annotations

from pathlib import Path

from fazhi_desktop.core.bundle.keys import CountyKeys
from fazhi_desktop.core.bundle.unpack import bag_root
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.stick_names import BUNDLE_NAME

#: where a file whose place cannot be read goes: after every township
LAST = "~"

Place = tuple[str, int]


def order_key(path: Path, place: Place | None = None) -> tuple[str, int, bool, str]:
    """Township, sequence, then the program's own name before a renamed copy of the same bundle (which is then
    the one said 与本批中的 … 是同一个数据包), then the name."""
    match = BUNDLE_NAME.match(path.name)
    if match:
        return match["township"], int(match["sequence"]), False, path.name
    if place is not None:
        return *place, True, path.name
    return LAST, 0, True, path.name


def read_ahead(paths: list[Path], keys: CountyKeys, progress: Progress) -> dict[Path, Place | None]:
    """The place of each file not named as the program names bundles (`bag_root`); None where it cannot be read
    (not a bundle, not for this county, damaged: its turn says so). Raises Cancelled (from `progress`)."""
    places: dict[Path, Place | None] = {}
    for path in paths:
        if BUNDLE_NAME.match(path.name) or path in places:
            continue
        progress(0, 0, f"正在读取 {path.name}……")
        try:
            root = bag_root(path, keys)
        except Exception:  # its refusal, or a bug (logged then: apply.import_bundle), is said at its turn
            root = None
        places[path] = (root.split("-")[1], int(root.split("-")[2])) if root else None
    return places

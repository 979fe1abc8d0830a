"""Work folders and unfinished files a killed program leaves beside the database: a decrypted bundle being verified
(`.fazhi-import-*`), a backup being assembled (`.fazhi-backup-*`), a restore's staging (`.<name>-restore-*`), an
unfinished atomic write (`.<name>.<random>.part`). The first three hold the office's records in clear, so the
desktop program removes them when it opens the database, once they are a day old: a younger one may belong to a
`fazhi` command running now.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from fazhi_desktop.core.atomic import PART_PREFIX, PART_SUFFIX

#: (glob pattern, whether it names folders) of what the program's own work leaves
_LEFTOVERS = ((".fazhi-import-*", True), (".fazhi-backup-*", True), (".*-restore-*", True),
              (f"{PART_PREFIX}*{PART_SUFFIX}", False))
DAY = 24 * 3600


def remove_leftovers(folder: Path, now: float | None = None, age: float = DAY) -> list[Path]:
    """Remove what `_LEFTOVERS` names in `folder` that was last changed more than `age` seconds before `now`;
    returns what was removed. Anything that cannot be removed (in use, read-only medium) is left."""
    now = time.time() if now is None else now
    removed = []
    for pattern, is_folder in _LEFTOVERS:
        for path in folder.glob(pattern):
            try:
                if path.is_dir() != is_folder or path.is_symlink() or now - path.stat().st_mtime < age:
                    continue
                if is_folder:
                    shutil.rmtree(path)
                else:
                    path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed

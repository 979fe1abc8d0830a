"""A keys folder a deleted database left behind (a half re-install: the database deleted, `<db>-keys/` not): the
setup wizard refused to create the new office's key (`本所已有签名密钥…不会覆盖`) and 密钥与登记 then showed the old
key as the new database's. The wizard offers to set the old folder aside under a dated name, never deleting a
private key, and to create a new key, which the county then enrols as a replacement (更换)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from fazhi_desktop.core.bundle.common import BundleError, keys_folder
from fazhi_desktop.core.failures import explain_os_error


def left_keys(db_path: Path) -> Path | None:
    """The keys folder beside `db_path` when there is no database there yet and the folder holds any file."""
    folder = keys_folder(Path(db_path))
    if Path(db_path).exists() or not folder.is_dir():
        return None
    try:
        return folder if any(folder.iterdir()) else None
    except OSError:  # unreadable: creating the key says why
        return None


def aside_name(folder: Path, when: datetime) -> Path:
    """`office-keys-旧-20261128-164700` beside `folder` (local time), numbered on when that is taken."""
    base = folder.with_name(f"{folder.name}-旧-{when:%Y%m%d-%H%M%S}")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def set_aside(folder: Path, target: Path) -> None:
    """Rename `folder` to `target` (`aside_name`, as the question said it), its files untouched. Raises BundleError
    naming both."""
    if target.exists():
        raise BundleError(f"无法把旧的密钥文件夹 {folder} 改名为 {target.name}：已有同名的文件夹")
    try:
        os.rename(folder, target)
    except OSError as exc:
        raise BundleError(f"无法把旧的密钥文件夹 {folder} 改名为 {target.name}：{explain_os_error(exc)}") from None

"""The first 立即备份 and a restore with the recovery code hold the whole program a second or two (pyrage's scrypt
keeps Python's lock): the progress box froze saying something else. What is happening is now said first
(eighteenth session)."""

from __future__ import annotations

from fazhi_desktop.core.backup import create_backup, restore, sealing
from fazhi_desktop.core.jobs import BEFORE_A_PAUSE


def test_the_key_is_said_before_scrypt_makes_or_opens_it(store, tmp_path, monkeypatch):
    said: list = []
    make, open_ = sealing.new_key, sealing.age_passphrase.decrypt
    monkeypatch.setattr(sealing, "new_key", lambda: said.append("scrypt") or make())
    monkeypatch.setattr(sealing.age_passphrase, "decrypt", lambda *a: said.append("scrypt") or open_(*a))

    def progress(done: int, _total: int, text: str) -> None:
        said.append((done, text))

    result = create_backup(store.path, tmp_path / "usb", progress=progress)
    assert said[:2] == [(BEFORE_A_PAUSE, "正在生成备份密钥（需要几秒钟）……"), "scrypt"]
    said.clear()
    create_backup(store.path, tmp_path / "usb", progress=progress)  # the key is made once: nothing to wait for
    assert "scrypt" not in said and all(done != BEFORE_A_PAUSE for done, _ in said)
    said.clear()
    target = tmp_path / "new-pc" / "fazhi.db"  # no keys folder here: the code opens the backup's key
    restore(target, result.path, "杨芳", recovery_code=sealing.load_key(store.path).code, progress=progress)
    at = said.index("scrypt")
    assert at > 0 and said[at - 1] == (BEFORE_A_PAUSE, "正在用恢复码解开备份密钥（需要几秒钟）……")

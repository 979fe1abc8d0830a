"""What the bundle windows share: the questions they ask (files, folders, passphrases; tests pass a replacement),
the 数据交换 menu they add their actions to, and the list of USB drives to offer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStorageInfo
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.display import size_text
from fazhi_desktop.core.media import removable_volume
from fazhi_desktop.qt.common import documents_dir


class ExchangePrompts:
    """Where to read or write files and the passphrase: the questions bundle windows ask. Tests pass a replacement."""

    def folder(self, parent: QWidget | None, title: str, start: Path | None = None) -> Path | None:
        path = QFileDialog.getExistingDirectory(parent, title, str(start or start_folder()))
        return Path(path) if path else None

    def open_files(self, parent: QWidget | None, title: str, pattern: str) -> list[Path]:
        paths, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder()), pattern)
        return [Path(p) for p in paths]

    def save_file(self, parent: QWidget | None, title: str, suggested: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, str(documents_dir() / suggested), pattern)
        return Path(path) if path else None

    def passphrase(self, parent: QWidget | None, title: str, confirm: bool = False) -> str | None:
        dialog = PassphraseDialog(parent, title, confirm)
        return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        dialog = PasteDialog(parent, title, label)
        return dialog.edit.toPlainText() if dialog.exec() == QDialog.DialogCode.Accepted else None


class PassphraseDialog(QDialog):
    """A passphrase, typed twice when a new key is being protected with it."""

    def __init__(self, parent: QWidget | None, title: str, confirm: bool):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.first = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("口令")
        self.second = QLineEdit(echoMode=QLineEdit.EchoMode.Password) if confirm else None
        form = QFormLayout(self)
        form.addRow("口令：", self.first)
        if self.second is not None:
            self.second.setAccessibleName("再输入一次口令")
            form.addRow("再输入一次：", self.second)
            form.addRow(QLabel("口令至少 8 个字符。请牢记并妥善保存：忘记口令只能重新生成密钥并重新登记。",
                               wordWrap=True))
        self.error = QLabel(styleSheet="color: #b3261e;")
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _check(self) -> None:
        if self.second is not None and self.second.text() != self.first.text():
            self.error.setText("两次输入的口令不一致")
            return
        self.accept()

    def passphrase(self) -> str:
        return self.first.text()


class PasteDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, label: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.edit = QPlainTextEdit()
        self.edit.setAccessibleName(label)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(label, wordWrap=True))
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def prompts_of(window: QWidget) -> ExchangePrompts:
    """The window's prompts (tests set `window.exchange_prompts`), else the real dialogs."""
    return getattr(window, "exchange_prompts", None) or ExchangePrompts()


@dataclass(frozen=True)
class Drive:
    """A removable volume the export wizard offers: its root, how it is listed, free bytes."""

    path: Path
    label: str
    free: int
    read_only: bool = False


def removable_drives() -> list[Drive]:
    """USB sticks and other removable volumes that are mounted, as well as can be told; a write-protected one is
    listed as such (left out, the clerk would look for a stick that "isn't there")."""
    drives = []
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady():
            continue
        root = Path(volume.rootPath())
        if not removable_volume(root, bytes(volume.device().data()).decode(errors="replace")):
            continue
        name = volume.displayName() or root.name or str(root)
        free = volume.bytesAvailable()
        state = "只读：U盘可能开了写保护，不能写入" if volume.isReadOnly() else f"剩余 {size_text(free)}"
        drives.append(Drive(root, f"{name}（{root}，{state}）", free, volume.isReadOnly()))
    return drives


def start_folder() -> Path:
    """Where the exchange's folder and file choosers open: on the USB stick plugged in (bundles, receipts and key
    files come on one), else in 文档."""
    return next((drive.path for drive in removable_drives() if not drive.read_only), documents_dir())


def fingerprint_font(base: QFont) -> QFont:
    """Large, fixed-width: a fingerprint is read out group by group on the phone."""
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(base.pointSizeF() * 1.6)
    font.setBold(True)
    return font

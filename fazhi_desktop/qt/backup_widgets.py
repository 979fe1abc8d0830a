"""The widgets of 备份: the questions asked (folders, the backup file, a typed confirmation) and the section of the
settings page. Loaded when first needed (qt/backup_view.py holds the logic and is installed at start-up)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.backup import config as backup_config
from fazhi_desktop.core.backup import in_parts, sealing, set_aside
from fazhi_desktop.core.backup.archive import BackupError
from fazhi_desktop.core.backup.rotation import KEEP_LATEST
from fazhi_desktop.core.clock import local_now, local_time
from fazhi_desktop.core.permissions import only_for, why_not_logged_in
from fazhi_desktop.qt.common import em, shown_name, wrapped_label
from fazhi_desktop.qt.exchange import fingerprint_font
from fazhi_desktop.qt.hints import hint_label

if TYPE_CHECKING:
    from fazhi_desktop.core.backup import PreparedRestore
    from fazhi_desktop.qt.backup_view import BackupController


class BackupPrompts:
    """The questions backups ask. Tests set `window.backup_prompts` to a replacement with the same methods."""

    def folder(self, parent: QWidget | None, title: str, start: Path | None = None) -> Path | None:
        path = QFileDialog.getExistingDirectory(parent, title, str(start or Path.home()))
        return Path(path) if path else None

    def backup_file(self, parent: QWidget | None, title: str, start: Path | None = None) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, str(start or Path.home()),
                                              "法治台账备份 (*.zip *.zip.001 *.zip.sha256)")  # in parts: any of them
        return Path(path) if path else None

    def typed_confirmation(self, parent: QWidget | None, title: str, text: str, word: str) -> bool:
        return TypedConfirmation(parent, title, text, word).exec() == QDialog.DialogCode.Accepted


def mismatched_accepted(dialogs, parent: QWidget | None, prepared: PreparedRestore) -> bool:
    """A backup whose database fails the record check (records changed outside the program) is restored only when
    the user, shown what the check found, says so; True also when it passed."""
    if not prepared.mismatched:
        return True
    text = "\n".join([f"{prepared.backup.name} 中的数据库没有通过检查：", *prepared.mismatched_lines(), "",
                      "通常应选一份通过检查的备份（文件名不带“-check-failed”）。仍然用这份备份恢复吗？"])
    return dialogs.confirm(parent, "备份没有通过检查", text, yes="仍然恢复", default=False)


class TypedConfirmation(QDialog):
    """A confirmation that needs a word typed, for what cannot be undone by a click: replacing the database."""
    manual_part = "恢复"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, parent: QWidget | None, title: str, text: str, word: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.word = word
        self.edit = QLineEdit()
        self.edit.setAccessibleName(f"输入“{word}”确认")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("恢复（替换当前数据）")
        self.ok.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        explanation = wrapped_label(text, em(self, 30))
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(QLabel(f"确认请输入“{word}”："))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.edit.textChanged.connect(lambda text: self.ok.setEnabled(text.strip() == word))


class CodeDialog(QDialog):
    """A code to copy onto paper, closed as copied only once its last group is typed back: 我已抄下 as the Enter
    default, an Enter meant for another box marked the code seen though nobody had read it."""
    manual_part = "备份恢复码"  # F1 here opens the manual there (qt/manual_view.py)

    def __init__(self, parent: QWidget | None, title: str, code: str, text: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.last_group = code.rsplit("-", 1)[-1]
        shown = QLabel(code)
        shown.setFont(fingerprint_font(self.font()))
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit = QLineEdit()
        self.edit.setAccessibleName("恢复码的最后一组")
        self.edit.setMaxLength(len(self.last_group) + 2)
        buttons = QDialogButtonBox()
        self.done_button = buttons.addButton("我已抄下", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton("稍后再抄", QDialogButtonBox.ButtonRole.RejectRole)
        for button in (self.done_button, self.later_button):
            button.setAutoDefault(False)  # Enter presses neither
        self.done_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{title}："))
        layout.addWidget(shown)
        layout.addWidget(wrapped_label(text, em(self, 30)))
        layout.addWidget(QLabel("抄好后，请输入最后一组以确认："))
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.edit.textChanged.connect(
            lambda typed: self.done_button.setEnabled(sealing.normal_code(typed) == self.last_group))

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # QDialog would press a default button or none; neither closes this box
        super().keyPressEvent(event)


class BackupSection(QGroupBox):
    """设置 → 备份: folder, how many to keep, last backup, 立即备份 and 从备份恢复…."""

    def __init__(self, controller: BackupController, parent: QWidget | None = None):
        super().__init__("备份", parent)
        self.controller = controller
        self.folder_label = QLabel(wordWrap=True)
        self.choose_button = QPushButton("选择文件夹(&O)…")
        self.keep_daily = QSpinBox(minimum=1, maximum=backup_config.MAX_KEEP, suffix=" 天")
        self.keep_daily.setAccessibleName("每天保留一份，保留最近几天")
        self.keep_weekly = QSpinBox(minimum=0, maximum=backup_config.MAX_KEEP, suffix=" 周")
        self.keep_weekly.setAccessibleName("每周保留一份，保留最近几周")
        self.last_label = QLabel(wordWrap=True)
        self.code_label = QLabel(wordWrap=True)
        self.code_button = QPushButton("显示恢复码(&K)…")
        # someone who knew the code left; G as 更换密钥(&G) (H is the menu bar's 帮助(&H))
        self.change_code_button = QPushButton("更换恢复码(&G)…")
        self.backup_button = QPushButton("立即备份(&B)")
        self.restore_button = QPushButton("从备份恢复(&R)…")
        self.set_aside_label = QLabel(wordWrap=True)  # what restores set aside (core/backup/set_aside.py)
        self.set_aside_days = QSpinBox(minimum=0, maximum=3650, value=30, prefix="早于 ", suffix=" 天")
        self.set_aside_days.setAccessibleName("删除多少天以前恢复时换下的数据")
        self.set_aside_button = QPushButton("删除较早的…")
        form = QFormLayout(self)
        # the path straight in the form, the button under it: a wrapped label inside a row layout was clipped
        # (QFormLayout gives a nested layout's label one line's height)
        form.addRow("备份文件夹：", self.folder_label)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.choose_button)
        folder_row.addStretch(1)
        form.addRow("", folder_row)
        form.addRow("每天一份，保留最近：", self.keep_daily)
        form.addRow("另外每周一份，保留最近：", self.keep_weekly)
        form.addRow("上次备份：", self.last_label)
        form.addRow("备份恢复码：", self.code_label)  # as the folder: its text wraps below ~900 pixels
        code_row = QHBoxLayout()
        code_row.addWidget(self.code_button)
        code_row.addWidget(self.change_code_button)
        code_row.addStretch(1)
        form.addRow("", code_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        form.addRow("恢复时换下的数据：", self.set_aside_label)
        aside_row = QHBoxLayout()
        aside_row.addWidget(self.set_aside_days)
        aside_row.addWidget(self.set_aside_button)
        aside_row.addStretch(1)
        form.addRow("", aside_row)
        form.addRow(hint_label("退出程序时（如有修改）和每天自动备份到这个文件夹；"
                               f"最新的 {KEEP_LATEST} 个备份总是保留。数据库、附件和密钥打包为一个加密文件"
                               "（FAT32 格式的U盘上超过 4 GB 的分成几卷，要一起保存）："
                               "U盘丢失，捡到的人也打不开。建议选择U盘或另一块硬盘，并定期把U盘带离办公室保存。"))
        self.refresh()
        self.choose_button.clicked.connect(controller.choose_folder)
        self.keep_daily.valueChanged.connect(lambda _=0: controller.set_keep(self.keep_daily.value(),
                                                                              self.keep_weekly.value()))
        self.keep_weekly.valueChanged.connect(lambda _=0: controller.set_keep(self.keep_daily.value(),
                                                                               self.keep_weekly.value()))
        self.backup_button.clicked.connect(lambda _=False: controller.backup_now())
        self.restore_button.clicked.connect(lambda _=False: controller.restore_from_backup())
        self.code_button.clicked.connect(lambda _=False: controller.show_recovery_code())
        self.change_code_button.clicked.connect(lambda _=False: controller.change_recovery_code())
        self.set_aside_button.clicked.connect(lambda _=False: controller.delete_set_aside(self.set_aside_days.value()))

    def refresh(self) -> None:
        settings = self.controller.settings()
        folder = backup_config.backup_folder(self.controller.db_path, settings)
        note = "" if settings.folder else "（默认：数据库所在文件夹；建议改为U盘）"
        self.folder_label.setText(f"{folder}{note}")
        for box, value in ((self.keep_daily, settings.keep_daily), (self.keep_weekly, settings.keep_weekly)):
            box.blockSignals(True)
            box.setValue(max(box.minimum(), value))
            box.blockSignals(False)
        if settings.last_at:
            last = Path(settings.last_file or "")
            self.last_label.setText(f"{local_time(settings.last_at)}　{last.name}{in_parts.parts_said(last)}")
        else:
            self.last_label.setText("从未备份")
        try:
            has_key = sealing.load_key(self.controller.db_path) is not None
        except BackupError:
            has_key = True  # damaged: 显示恢复码 says so
        self.code_label.setText("在另一台电脑上恢复备份时需要；请抄在纸上，与U盘分开保管" if has_key
                                else "第一次备份时生成")
        user = self.controller.window.store.user
        kept = set_aside.find(self.controller.db_path)
        now = local_now(self.controller.window.store.clock)
        self.set_aside_label.setText("\n".join(aside.said(now) for aside in kept) + "\n不会自动删除；核对恢复后的数据"
                                     "无误后，可以删除较早的（最近一份总是保留）" if kept else "没有")
        self.set_aside_days.setEnabled(len(kept) > 1)
        for button, needed in ((self.backup_button, "backup"), (self.restore_button, "restore"),
                               (self.set_aside_button, "restore"),
                               (self.code_button, "keys.manage"), (self.change_code_button, "keys.manage"),
                               (self.choose_button, "backup.settings")):
            # named as the button is (显示恢复码 said 录入员无权管理密钥与登记); the folder by its setting
            reason = (why_not_logged_in(user, needed) if button is self.choose_button
                      else only_for(user, needed, shown_name(button.text())))
            keyed = button not in (self.code_button, self.change_code_button) or has_key
            older = button is not self.set_aside_button or len(kept) > 1
            button.setEnabled(reason is None and keyed and older)
            button.setToolTip(reason or ("" if keyed else "第一次备份时生成恢复码")
                              or ("" if older else "最近一份恢复时换下的数据总是保留"))
        reason = why_not_logged_in(user, "backup.settings")  # fewer kept deletes backups at the next one
        for box in (self.keep_daily, self.keep_weekly):
            box.setEnabled(reason is None)
            box.setToolTip(reason or "")

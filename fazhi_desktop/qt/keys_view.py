"""密钥与登记. Township: the signing key (create, replace, fingerprint to read out), the enrolment file for the county,
the county's public keys. County: the county keys (create, replace) and their file for townships, enrolling a
township's key after comparing fingerprints by phone, revoking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fazhi_desktop.core.backup.sealing import CODE_EXAMPLE, CODE_IS
from fazhi_desktop.core.bundle import county_escrow, county_key, revocation
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import keys_dir, read_text
from fazhi_desktop.core.bundle.receipts import awaits_new_key
from fazhi_desktop.core.clock import local_time, office_date
from fazhi_desktop.core.divisions import names
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.jobs import Progress
from fazhi_desktop.core.permissions import why_not_logged_in
from fazhi_desktop.core.places import RECEIPT_IMPORT
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import em, fit_to_screen
from fazhi_desktop.qt.exchange import ExchangePrompts, fingerprint_font, prompts_of
from fazhi_desktop.qt.fingerprint_check import FingerprintCheck
from fazhi_desktop.qt.hints import hint_label
from fazhi_desktop.qt.revoke_dialog import RevokeDialog
from fazhi_desktop.qt.table_fit import ColumnFitter
from fazhi_desktop.qt.tasks import Task, own_store_job, run_task

#: what replacing the office's key means, asked before it is done (a forgotten passphrase, a leaked key, a new PC)
REPLACING_TOWNSHIP = (
    "更换本所的签名密钥（忘记口令、密钥泄露或换了电脑、没有旧密钥时）：\n"
    "· 旧密钥作废，以后的数据包用新密钥签名，口令是现在设置的新口令。\n"
    "· 县司法局登记新密钥之前，不接收本所的任何数据包：更换后请写出登记文件交县司法局，并打电话先报乡镇“{place}”，"
    "再报新的指纹。\n"
    "· 已导出、县里还没有导入的数据包，县里登记新密钥后一律拒收：能送的请先送县里导入；来不及的，县里登记后再导出"
    "一次（没有回执确认的变更会再次发送，不会少）。\n"
    "· 本所的台账记录和已导入的县级回执不受影响。\n"
    "更换吗？")
REPLACING_COUNTY = keymod.REPLACING_COUNTY + "\n更换吗？"
#: why 创建密钥 is greyed once there is a key
CREATED_TOWNSHIP = "本所已有签名密钥（只需创建一次）。忘记口令、密钥泄露或换了电脑时，请点“更换密钥”"
CREATED_COUNTY = "县级密钥已创建（只需创建一次）。忘记口令或密钥泄露时，请点“更换密钥”"
#: the county's button for the chosen row's key: 吊销 a working one, 补记吊销原因 of one revoked without a reason
#: (改记 of one revoked as 更换)
REVOKE_LABEL = "吊销所选乡镇的密钥"
#: after the old keys an enrolment revoked (吊销旧密钥并登记): why, and how to record a theft learnt later
_REPLACED_NOTE = (f"，原因记为{keymod.REASON_REPLACED}（不再接收它签名的新数据包）；如后来得知旧电脑或U盘被盗、丢失，"
                  f"选中它的一行点“{REVOKE_LABEL}…”改记。")
#: the county's key table; the columns that give up width ("…", whole in the tooltip) in a narrow window, in
#: characters: in 长者模式 on a 1366-pixel laptop, and in a 760-pixel window, 状态 was off the right edge
KEY_COLUMNS = ["乡镇代码", "乡镇", "单位", "密钥编号", "指纹", "登记日期", "状态"]
#: said at the county once a township's new key is enrolled in place of one that sent bundles
NEW_INSTALL = ("乡镇如是重装（电脑坏了、没有备份，新设置的数据库），新安装会从第1号重新编号，与重装前的编号重复。"
               "请为新安装写回执，让其接着编号：回执带去县里已有的各台账最后编号，乡镇在登记台账前导入"
               f"（{RECEIPT_IMPORT}）。只是更换了密钥（忘记口令）的，写不写都可以。")
SQUEEZED = {"单位": 3, "密钥编号": 6, "指纹": 14}


class KeysDialog(QDialog):
    """One window for an office's keys; what it shows depends on the database's mode."""

    def __init__(self, store: Store, dialogs, actor: str, prompts: ExchangePrompts | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        # F1 here opens the manual there (qt/manual_view.py)
        self.manual_part = "县级密钥和乡镇登记" if store.is_county else "第一次报送前（只做一次）"
        self.store, self.dialogs, self.actor = store, dialogs, actor
        self.prompts = prompts or ExchangePrompts()
        self.task: Task | None = None
        self.setWindowTitle("密钥与登记")
        self.status = QLabel(wordWrap=True)
        self.fingerprint = QLabel()
        self.fingerprint.setFont(fingerprint_font(self.font()))
        self.fingerprint.setAccessibleName("指纹")
        self.create_button = QPushButton("创建密钥(&C)…")
        self.replace_button = QPushButton("更换密钥(&G)…")
        self.passphrase_button = QPushButton("修改口令(&K)…")  # the key stays: nothing to enrol again
        #: the county's forgotten passphrase, set anew with the backup recovery code (county_escrow.py)
        self.recover_button = QPushButton(f"{county_escrow.BUTTON}(&M)…")
        self.write_button = QPushButton()
        layout = QVBoxLayout(self)
        # where the key files are, for a technician checking a bundle by hand (docs/BUNDLES.md) or copying them
        self.folder = hint_label(f"密钥文件夹：{keys_dir(store).absolute()}")  # as `fazhi keys show` prints it
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        layout.addWidget(self.fingerprint)
        layout.addWidget(self.folder)
        row = QHBoxLayout()
        row.addWidget(self.create_button)
        row.addWidget(self.replace_button)
        row.addWidget(self.passphrase_button)
        row.addWidget(self.write_button)
        row.addStretch(1)
        layout.addLayout(row)
        if store.is_county:  # on a line of its own: beside the others it widened the narrowest window
            below = QHBoxLayout()
            below.addWidget(self.recover_button)
            below.addStretch(1)
            layout.addLayout(below)
        self.create_button.clicked.connect(self.create_keys)
        self.replace_button.clicked.connect(self.replace_keys)
        self.passphrase_button.clicked.connect(self.change_passphrase)
        self.recover_button.clicked.connect(self.recover_passphrase)
        self.recover_button.setVisible(store.is_county)  # a township's key is not kept so: 更换密钥
        self.write_button.clicked.connect(self.write_public_file)
        if store.is_county:
            self._county_part(layout)
        else:
            self._township_part(layout)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()
        if store.is_county:
            fit_to_screen(self, em(self, 86), em(self, 47))  # the table of every township's key
        else:
            fit_to_screen(self, em(self, 60), em(self, 27))

    # -- township -----------------------------------------------------------------------------------------------------

    def _township_part(self, layout: QVBoxLayout) -> None:
        self.write_button.setText("写出登记文件(&W)…")
        self.enrol_hint = hint_label()  # its text follows the key (refresh): no fingerprint to read out before it
        layout.addWidget(self.enrol_hint)
        self.county_label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)  # the county's file's office
        self.county_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.add_county_file = QPushButton("从文件添加县级公钥(&F)…")
        self.paste_county = QPushButton("粘贴县级公钥(&P)…")
        self.remove_county = QPushButton("删除县级公钥(&D)…")
        row = QHBoxLayout()
        row.addWidget(self.add_county_file)
        row.addWidget(self.paste_county)
        row.addWidget(self.remove_county)
        row.addStretch(1)
        layout.addWidget(self.county_label)
        layout.addLayout(row)
        layout.addStretch(1)  # the township's part is a few lines: keep them together at the top
        self.add_county_file.clicked.connect(self.add_county_key_file)
        self.paste_county.clicked.connect(self.paste_county_key)
        self.remove_county.clicked.connect(self.remove_county_key)

    def add_county_key_file(self) -> None:
        paths = self.prompts.open_files(self, "选择县级公钥文件", "县级公钥 (*.txt);;所有文件 (*)")
        if paths:
            self._add_county_keys(lambda: (read_text(paths[0]), str(paths[0])))

    def paste_county_key(self) -> None:
        text = self.prompts.text(self, "粘贴县级公钥", "把县司法局提供的公钥（age1… 一行，RW… 一行）粘贴在下面：")
        if text:
            self._add_county_keys(lambda: (text, "粘贴的文字"))

    def _add_county_keys(self, source) -> None:
        """Read the county's key, say whether it is the one held or would replace it, compare its fingerprint with
        the one the county reads out on the phone, and only then store it."""
        try:
            text, name = source()
            change = county_key.county_key_change(self.store, text, name)
        except FazhiError as exc:
            self.dialogs.error(self, "无法添加县级公钥", str(exc))
            return
        if change.same and not change.relabels:
            self.dialogs.info(self, "无需重复添加", change.same_text)
            return
        if change.replaces and not self.dialogs.confirm(self, "替换县级公钥", f"{change.replacing_text}\n替换吗？",
                                                        yes="替换"):
            return
        office = change.new.office or "（文件中未写单位名称）"
        if not change.same and not self._compared(  # the same keys under a corrected office name: compared before
                change.new.fingerprint or "", f"县级公钥：{office}\n请打电话给县司法局，请对方打开"
                "“密钥与登记”读出指纹，逐组核对：", "县司法局", "指纹一致，保存", previous=change.previous):
            return
        try:
            held = county_key.add_county_keys(self.store, text, self.actor, name, replace=change.replaces)
        except FazhiError as exc:
            self.dialogs.error(self, "无法添加县级公钥", str(exc))
            return
        self.refresh()
        if change.relabels:
            self.dialogs.info(self, "已更新单位名称", change.same_text)
            return
        self.dialogs.info(self, "已替换县级公钥" if change.replaces else "已添加县级公钥",
                          f"{county_key.held_text(held)}\n（加密公钥 {len(held.recipients)} 个，回执签名公钥 "
                          f"{len(held.signing)} 个）")

    def remove_county_key(self) -> None:
        held = keymod.county_keys_known(self.store)
        if not self.dialogs.confirm(self, "删除县级公钥", f"删除本所保存的县级公钥（{held.describe()}）吗？\n"
                                    "删除后不能导出数据包，直到重新添加县司法局的县级公钥文件。", yes="删除",
                                    default=False):
            return
        county_key.remove_county_keys(self.store)
        self.refresh()

    # -- county -------------------------------------------------------------------------------------------------------

    def _county_part(self, layout: QVBoxLayout) -> None:
        self.write_button.setText("写出县级公钥文件(&W)…")
        layout.addWidget(hint_label("把县级公钥文件交各乡镇导入。登记乡镇密钥前，务必电话核对指纹。"))
        self.table = QTableWidget(0, len(KEY_COLUMNS))
        self.table.setHorizontalHeaderLabels(KEY_COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.fitter = ColumnFitter(self.table, lambda column: SQUEEZED.get(KEY_COLUMNS[column]))
        self.enrol_button = QPushButton("登记乡镇密钥(&E)…")
        self.revoke_button = QPushButton(f"{REVOKE_LABEL}(&R)…")
        row = QHBoxLayout()
        row.addWidget(self.enrol_button)
        row.addWidget(self.revoke_button)
        row.addStretch(1)
        #: the county's townships with no working key, named: the table lists only those enrolled
        self.missing = hint_label()
        self.missing.setAccessibleName("尚未登记的乡镇")
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missing)
        layout.addLayout(row)
        self.enrol_button.clicked.connect(self.enrol_file)
        self.revoke_button.clicked.connect(self.revoke_selected)

    def enrol_file(self) -> None:
        """登记乡镇密钥: each file chosen, in turn, its fingerprint compared on the phone; with several chosen (the
        townships' files on one stick), what was enrolled and what not is said at the end. Only the first was
        enrolled, the others dropped without a word."""
        paths = self.prompts.open_files(self, "选择乡镇的登记文件", "登记文件 (*.json)")
        if len(paths) <= 1:
            for path in paths:
                self._enrol_one(path, alone=True)
            return
        done: list[str] = []
        left: list[str] = []
        new_installs: list[str] = []
        revoked: list[str] = []  # each confirmed on its own (吊销旧密钥并登记): named again at the end
        for number, path in enumerate(paths, 1):
            enrolled, why, replaced = self._enrol_one(path, of=f"第 {number} / {len(paths)} 个文件：{path.name}\n")
            if enrolled is None:
                left.append(f"{path.name}（{why}）")
                continue
            done.append(enrolled.place or enrolled.township)
            revoked.extend(f"{done[-1]} {key_id}" for key_id in replaced)
            if awaits_new_key(self.store, enrolled.township):
                new_installs.append(enrolled.township)
        text = (f"选了 {len(paths)} 个登记文件：已登记 {len(done)} 个" + (f"（{'、'.join(done)}）" if done else "")
                + (f"；未登记 {len(left)} 个：\n" + "\n".join(left) if left else "。")
                + (f"\n已吊销的旧密钥：{'、'.join(revoked)}{_REPLACED_NOTE}" if revoked else ""))
        if not new_installs:
            self.dialogs.info(self, "登记乡镇密钥", text)
            return
        places = "、".join(names().get(township, township) for township in new_installs)
        if self.dialogs.confirm(self, "登记乡镇密钥", f"{text}\n\n{places}：{NEW_INSTALL}", yes="为新安装写回执…",
                                no="稍后"):
            self.write_new_install_receipt(*new_installs)

    def _enrol_one(self, path, alone: bool = False, of: str = ""
                   ) -> tuple[keymod.TownshipKey | None, str, list[str]]:
        """One enrolment file: checked, its fingerprint compared on the phone, enrolled. Returns the key enrolled
        (None if not, with why in a few words) and the ids of the township's old keys it revoked; `alone`: the only
        file chosen, its 已登记 said here; `of`: which of several files this is, said above the fingerprint."""
        try:
            key = keymod.read_enrolment(path)
        except FazhiError as exc:
            self.dialogs.error(self, "登记文件无效", str(exc))
            return None, "文件无效", []
        try:
            plan = keymod.plan_enrolment(self.store, key)
        except FazhiError as exc:
            self.dialogs.error(self, "无法登记", str(exc))
            return None, "无法登记", []
        if plan.enrolled:  # the fingerprint read out still compared: after 更换密钥 this is the township's old file
            if not self.dialogs.confirm(self, "无需重复登记", f"{of}{plan.already_text}\n\n已登记的指纹：\n    "
                                        f"{key.fingerprint}\n\n{key.place}在电话中读出的是这个指纹吗？",
                                        yes="是，指纹一致", no="不是", default=False):
                self.dialogs.error(self, "不是新的登记文件", f"{key.place}读出的指纹与这份登记文件不符。\n"
                                   f"{plan.other_file_text}。")
                return None, "不是新的登记文件", []
            return None, "以前已登记，无需重复登记", []
        if plan.replaces and not self.dialogs.confirm(self, "登记新密钥", f"{of}{plan.replacing_text}\n继续吗？",
                                                      yes="吊销旧密钥并登记"):
            return None, "没有吊销旧密钥", []
        heading = (f"{of}{key.code_text}；登记文件写的单位：{key.office}，密钥编号 {key.public.key_id_hex}\n"
                   f"请打电话给{key.place}司法所，请对方打开“密钥与登记”，先报乡镇名称，再读出指纹，逐组核对：")
        if not self._compared(key.fingerprint, heading, "乡镇", "指纹一致，登记", key.place):
            return None, "没有核对指纹", []
        try:
            replaced = keymod.enrol(self.store, key, self.actor, replace=bool(plan.replaces))
        except FazhiError as exc:
            self.dialogs.error(self, "无法登记", str(exc))
            return None, "无法登记", []
        self.refresh()
        extra = f"\n该乡镇原有的密钥（{'、'.join(replaced)}）已吊销{_REPLACED_NOTE}" if replaced else ""
        if not alone:
            return key, "", replaced
        done = f"已登记 {key.office}（{key.township}）的签名密钥 {key.public.key_id_hex}。{extra}"
        if not awaits_new_key(self.store, key.township):
            self.dialogs.info(self, "已登记", done)
        elif self.dialogs.confirm(self, "已登记", f"{done}\n\n{NEW_INSTALL}", yes="为新安装写回执…", no="稍后"):
            self.write_new_install_receipt(key.township)
        return key, "", replaced

    def write_new_install_receipt(self, *townships: str) -> None:
        """写回执 with the townships ticked: the receipt carries its last numbers to each new install."""
        from fazhi_desktop.qt.receipts_view import ReceiptsDialog

        self.receipts_dialog = ReceiptsDialog(self.store, self.dialogs, self.prompts, self, chosen=list(townships))
        self.receipts_dialog.open()

    def revoke_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            self.dialogs.info(self, "吊销密钥", "请先在表中选择一个乡镇。")
            return
        # the key of the row chosen, not every working key of its township: a row of a key replaced since (and so
        # revoked) revoked the township's new one
        township, office = self.table.item(row, 0).text(), self.table.item(row, 2).text()
        key = keymod.enrolled_key(self.store, self.table.item(row, KEY_COLUMNS.index("密钥编号")).text())
        if key is not None and key.revoked_at:
            self._add_reason(key, f"{office}（{township}）的密钥 {key.key_id} ")
            return
        key_id = key.key_id if key is not None else None
        named = f" {key_id} " if key_id else ""
        # why: what the county tells of a bundle it signed depends on it (core/bundle/revocation.py)
        self.revoke_dialog = RevokeDialog(self, f"{office}（{township}）的签名密钥{named}",
                                          office_date(self.store.clock()))  # tests find it
        if self.revoke_dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            keymod.revoke(self.store, township, self.actor, key_id, self.revoke_dialog.reason(),
                          self.revoke_dialog.since())
        except FazhiError as exc:
            self.dialogs.error(self, "无法吊销", str(exc))
            return
        self.refresh()

    def _add_reason(self, key: keymod.EnrolledKey, named: str) -> None:
        """A revoked key's row: its reason recorded (补记 when there is none, 更换 改记 as 被盗 or 丢失), once
        (core/bundle/revocation.py), or what is recorded said."""
        revoked = office_date(key.revoked_at)
        if revocation.open_to(key) is None:
            self.dialogs.info(self, "吊销密钥", f"{named}已于 {local_time(key.revoked_at)} 吊销（原因："
                              f"{revocation.recorded(key)}），无需再吊销；已记录的原因不能更改。")
            return
        self.revoke_dialog = RevokeDialog(self, named, office_date(self.store.clock()), adding=revoked,
                                          was=key.revoked_reason)
        if self.revoke_dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            revocation.add_reason(self.store, key, self.revoke_dialog.reason(), self.revoke_dialog.since())
        except FazhiError as exc:
            self.dialogs.error(self, f"无法{revocation.verb(key)}", str(exc))
            self.refresh()  # recorded meanwhile elsewhere: the row says what is recorded now
            return
        self.refresh()

    # -- both ---------------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.store.is_county:
            public = keymod.county_public(self.store)
            self.status.setText("县级密钥：" + (f"加密公钥 {public.recipient}" if public else "尚未创建"))
            self.fingerprint.setText(f"指纹：{public.fingerprint}" if public else "")
            self.write_button.setEnabled(public is not None)
            self._key_buttons(public is not None)
            self._fill_table()
            return
        key = keymod.township_key(self.store)
        made = f"{local_time(key.created)} 创建" if key and key.created else "创建时间没有记录"  # never "（ 创建）"
        self.status.setText(f"本所签名密钥：{key.public.key_id_hex}（{made}）" if key else
                            "本所还没有签名密钥。请创建（只需一次），并把登记文件交县司法局。")
        self.fingerprint.setText(f"指纹：{key.fingerprint}" if key else "")
        self.enrol_hint.setText(f"把登记文件交县司法局（U盘或公文系统）。电话核对时，先报乡镇“{key.place}”，再报上面的"
                                "指纹。" if key else
                                "创建密钥后，这里显示本所的指纹；再写出登记文件交县司法局，并电话报指纹供核对。")
        self.write_button.setEnabled(key is not None)
        self._key_buttons(key is not None or bool(keymod.signing_key_id(self.store)))  # its files lost: 更换
        held = keymod.county_keys_known(self.store)
        self.county_label.setText(county_key.held_text(held))
        self.remove_county.setEnabled(bool(held.recipients or held.signing))

    def _fill_table(self) -> None:
        keys = keymod.enrolled_keys(self.store)
        places = names()
        self.table.setRowCount(len(keys))
        for index, key in enumerate(keys):
            state = revocation.state(key)
            when = revocation.open_to(key)
            later = f"（{when}选中后点“{REVOKE_LABEL}…”可{revocation.verb(key)}）" if when is not None else ""
            tip = (f"已吊销（{local_time(key.revoked_at)}），原因：{revocation.recorded(key)}{later}" if key.revoked_at
                   else "有效")
            for column, text in enumerate((key.township, places.get(key.township, "（不在区划名单中）"),
                                           key.office, key.key_id, key.fingerprint,
                                           local_time(key.enrolled_at)[:10], state)):
                item = QTableWidgetItem(text)
                item.setToolTip(tip if column == len(KEY_COLUMNS) - 1 else text)
                self.table.setItem(index, column, item)
        self.fitter.refit()
        missing, total = keymod.townships_without_key(self.store)
        self.missing.setText(f"尚未登记的乡镇（{len(missing)} 个，共 {total} 个）：{'、'.join(missing)}。"
                             "县里登记之前不能接收它们的数据包" if missing else f"本县 {total} 个乡镇都已登记。")

    def _key_buttons(self, held: bool) -> None:
        """创建密钥 while there is no key, 更换密钥 once there is; each greyed one says why in its tooltip."""
        self.create_button.setEnabled(not held)
        self.create_button.setToolTip("" if not held else CREATED_COUNTY if self.store.is_county else CREATED_TOWNSHIP)
        denied = why_not_logged_in(self.store.user, "keys.manage")
        self.replace_button.setEnabled(held and denied is None)
        self.replace_button.setToolTip(denied or ("忘记口令或密钥泄露时，换一把新密钥（先说明更换后要做的事）" if held
                                                  else "还没有密钥可更换：请先点“创建密钥”"))
        self.passphrase_button.setEnabled(held and denied is None)
        tip = keymod.PASSPHRASE_TIP[self.store.is_county] if held else "还没有密钥：请先点“创建密钥”"
        self.passphrase_button.setToolTip(denied or tip)
        kept = not self.store.is_county or county_escrow.kept(self.store)  # `fazhi keys escrow off`: no copy
        self.recover_button.setEnabled(held and denied is None and kept)
        self.recover_button.setToolTip(denied or (county_escrow.TURNED_OFF if not kept else RECOVER_TIP if held
                                                  else "还没有密钥：请先点“创建密钥”"))

    def _compared(self, fingerprint: str, heading: str, reader: str, accept: str, place: str = "",
                  previous: str = "") -> bool:
        """Whether the fingerprint `reader` read out on the phone was typed and matched, and the `place` said first
        confirmed (FingerprintCheck; `previous`: the replaced key's fingerprint, said as such when typed)."""
        self.fingerprint_check = FingerprintCheck(fingerprint, heading, reader, accept, self, place,  # tests find it
                                                  previous)
        return self.fingerprint_check.exec() == QDialog.DialogCode.Accepted

    def create_keys(self) -> None:
        self._make_keys("设置密钥口令", replace=False)

    def replace_keys(self) -> None:
        """更换密钥: what follows said plainly first (Enter: 取消), a new passphrase typed twice, the new key made as
        `fazhi keys init --replace` makes it, then the step that makes it trusted (the enrolment file or the county
        key file, read out on the phone)."""
        if self.store.is_county:
            title, text = "更换县级密钥", REPLACING_COUNTY
        else:
            key = keymod.township_key(self.store)
            place = (key.place if key else "") or self.store.township
            title, text = "更换签名密钥", REPLACING_TOWNSHIP.format(place=place)
        if not self.dialogs.confirm(self, title, text, yes="更换密钥", default=False):
            return
        old = None
        if self.store.is_county:  # the old identity is kept under the new passphrase (keys.COUNTY_RETIRED)
            old = self.prompts.passphrase(self, "更换县级密钥：输入原口令（忘记了请留空）")
            if old is None:
                return
            # forgotten: whether the bundles still encrypted to the key replaced can be opened later, said now
            if not old and not self.dialogs.confirm(self, title, county_escrow.replacing_forgotten(self.store),
                                                    yes="更换密钥", default=False):
                return
        self._make_keys("设置新的密钥口令", replace=True, old=old or None)

    def change_passphrase(self) -> Task | None:
        """修改口令: the old passphrase, then the new one twice; the key re-encrypted on a worker thread (scrypt), the
        public key and fingerprint unchanged (keys.change_passphrase)."""
        old = self.prompts.passphrase(self, "修改口令：输入原口令")
        if old is None:
            return None
        new = self.prompts.passphrase(self, "修改口令：设置新口令", confirm=True)
        if new is None:
            return None

        def work(store: Store, progress: Progress) -> None:
            progress(0, 0, "正在修改口令……")
            keymod.change_passphrase(store, old, new)

        self.task = run_task(self, "正在修改口令……", own_store_job(self.store, work))
        self.task.done.connect(self._passphrase_changed)
        self.task.failed.connect(self._passphrase_failed)
        return self.task

    def recover_passphrase(self) -> Task | None:
        """忘记口令？用备份恢复码设新口令 (the county): `recover_county_passphrase`."""
        self.task = recover_county_passphrase(self, self.store, self.dialogs, self.prompts)
        if self.task is not None:
            self.task.done.connect(lambda _result: setattr(self, "task", None))
            self.task.failed.connect(lambda *_: setattr(self, "task", None))
        return self.task

    def _passphrase_changed(self, _result) -> None:
        self.task = None
        self.dialogs.info(self, "口令已修改", keymod.passphrase_changed_text(self.store.is_county))

    def _passphrase_failed(self, message: str, cancelled: bool) -> None:
        self.task = None
        if not cancelled:
            self.dialogs.error(self, "口令未修改", message)

    def _make_keys(self, title: str, replace: bool, old: str | None = None) -> None:
        passphrase = self.prompts.passphrase(self, title, confirm=True)
        if passphrase is None:
            return

        def work(store: Store, progress: Progress) -> None:
            progress(0, 0, "正在生成密钥……")
            if store.is_county:
                keymod.init_county_keys(store, passphrase, replace=replace, old_passphrase=old)
            else:
                keymod.init_township_key(store, passphrase, replace=replace)

        self.task = run_task(self, "正在生成密钥……", own_store_job(self.store, work))
        self.task.done.connect(lambda _result: self._made(replace))
        self.task.failed.connect(lambda message, cancelled: self._failed(message, cancelled, replace))

    def _made(self, replaced: bool) -> None:
        self.task = None
        self.store.reread_settings()  # the key's id and date, written by the job's own connection
        self.refresh()
        if replaced and self.dialogs.confirm(self, "已更换密钥", self._next_step(), yes=self.write_button.text(),
                                             no="稍后"):
            self.write_public_file()

    def _next_step(self) -> str:
        """What makes the new key trusted, said once it is made."""
        if self.store.is_county:
            public = keymod.county_public(self.store)
            assert public is not None
            return (f"县级密钥已更换。\n新的指纹：{public.fingerprint}\n下一步：写出县级公钥文件交各乡镇，"
                    "乡镇在“密钥与登记”中添加（替换旧的）时会打电话核对，请读出上面的指纹。\n"
                    f"{keymod.BACK_UP_NEW_KEY}。")
        key = keymod.township_key(self.store)
        assert key is not None
        return (f"本所的签名密钥已更换为 {key.public.key_id_hex}。\n新的指纹：{key.fingerprint}\n"
                f"下一步：写出登记文件交县司法局，打电话先报乡镇“{key.place}”，再报上面的指纹。"
                "县司法局登记新密钥之前，不接收本所的数据包。")

    def _failed(self, message: str, cancelled: bool, replacing: bool = False) -> None:
        self.task = None
        if not cancelled:
            self.dialogs.error(self, "无法更换密钥" if replacing else "无法创建密钥", message)

    def write_public_file(self) -> None:
        if self.store.is_county:
            public = keymod.county_public(self.store)
            suggested, pattern = f"县级公钥-{self.store.township}.txt", "县级公钥 (*.txt)"
        else:
            public = None
            suggested, pattern = f"登记-{self.store.township}.json", "登记文件 (*.json)"
        path = self.prompts.save_file(self, "保存到", suggested, pattern)
        if path is None:
            return
        try:
            if public is not None:
                keymod.write_county_public(self.store, path)
                said = f"已保存：{path}"
            else:
                said = keymod.enrolment_written_text(self.store, keymod.write_enrolment(self.store, path), path)
        except FazhiError as exc:
            self.dialogs.error(self, "无法保存", str(exc))
            return
        self.dialogs.info(self, "已保存", said)


def open_keys_dialog(window) -> KeysDialog:
    dialog = KeysDialog(window.store, window.dialogs, window.actor, prompts_of(window), window)
    window.keys_dialog = dialog  # kept while open
    dialog.open()
    return dialog


#: the tooltip of 忘记口令？用备份恢复码设新口令
RECOVER_TIP = ("忘记了县级密钥口令时：输入备份恢复码，设置新口令。密钥和指纹不变，各乡镇不必换县级公钥文件，"
               "已送来的数据包照常导入")


def recover_county_passphrase(parent: QWidget, store: Store, dialogs, prompts: ExchangePrompts) -> Task | None:
    """The backup recovery code, then the new passphrase twice; the county's keys encrypted with it on a worker
    thread (county_escrow.reset_passphrase: a 所长 or 管理员, logged). Said when done or refused. From 密钥与登记 and
    from 导入数据包 when the passphrase did not open the keys. None when cancelled."""
    code = dialogs.ask_text(parent, "用备份恢复码设新口令",
                            f"县级密钥口令忘记了，可以用备份恢复码设置新口令：密钥和指纹不变，各乡镇什么都不用做。\n"
                            f"备份恢复码是{CODE_IS}（如 {CODE_EXAMPLE}），在所长处。\n\n备份恢复码：")
    if code is None or not code.strip():
        return None
    new = prompts.passphrase(parent, "用备份恢复码设新口令：设置新口令", confirm=True)
    if new is None:
        return None

    def work(worker_store: Store, progress: Progress) -> None:
        progress(0, 0, "正在设置新口令……")
        county_escrow.reset_passphrase(worker_store, code.strip(), new)

    task = run_task(parent, "正在设置新口令……", own_store_job(store, work))
    task.done.connect(lambda _result: dialogs.info(parent, "已设置新口令", county_escrow.RESET_DONE))
    task.failed.connect(lambda message, cancelled: None if cancelled else dialogs.error(parent, "口令未修改", message))
    return task

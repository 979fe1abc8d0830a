"""首次使用设置: mode, place, office name, operator (the first 管理员 account, with its password) and the key
passphrase; then the database, the account and the bundle key are created (core.setup, core.bundle.keys)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fazhi_desktop.core import divisions
from fazhi_desktop.core.accounts import User, check_new_password, name_problem
from fazhi_desktop.core.bundle.common import MIN_PASSPHRASE
from fazhi_desktop.core.clock import local_now, office_date, system_clock
from fazhi_desktop.core.errors import FazhiError, ValidationError
from fazhi_desktop.core.places import BACKUP_SECTION, KEYS, RECEIPT_IMPORT
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.common import em
from fazhi_desktop.qt.hints import error_label, hint_label


def no_code() -> str:
    """Where the recovery code is, and the way on without it (a re-install: README, Bundles, "A township that
    re-installed"), said when the wizard's 从备份恢复 ends without it."""
    from fazhi_desktop.core.backup.sealing import CODE_EXAMPLE, CODE_IS  # the backup package loads when used

    return (f"备份恢复码是{CODE_IS}（如 {CODE_EXAMPLE}），"
            "一般由所长保管。旧电脑如果还能打开法治台账：请所长或管理员在旧电脑上的"
            f"{BACKUP_SECTION}点“显示恢复码”查看（命令行：fazhi backup-settings --recovery-code）。\n\n"
            "找不到恢复码时，这个备份无法打开，只能按“重装”处理：在本页选“乡镇司法所”重新设置（会创建新的签名密钥），"
            f"在“{KEYS}”中写出登记文件交县司法局，电话核对指纹后由县里以“替换”方式登记新密钥（fazhi enrol --replace），"
            f"并为新安装写一份回执；先用“{RECEIPT_IMPORT}”导入这份回执，再登记台账，编号就接着原来的往下编。"
            "已报送县里的数据县里都有，照常计入，不必补报；没有报送的要重新登记。设置完成后，"
            "“帮助 → 第一次使用”中也列着这些步骤。")


def backup_start(db_path: Path) -> Path:
    """Where the wizard's backup chooser opens: the backup folder the settings beside the database name (or the
    default one) when it is there, else a USB stick plugged in (as the export wizard finds them), else home."""
    from fazhi_desktop.core.backup import config as backup_config
    from fazhi_desktop.qt import exchange

    folder = backup_config.backup_folder(db_path)
    if folder.is_dir():
        return folder
    return next((drive.path for drive in exchange.removable_drives()), Path.home())


def own_account_note(db_path: Path) -> str | None:
    """Said on the first page when the database goes into the signed-in account's own data folder: a second account
    on the office's PC met this wizard with no word that the office's records were already in another account, and
    set the office up again (two installs of one township, which the county does not merge)."""
    import getpass

    from fazhi_desktop.core import paths

    if paths.portable() or Path(db_path).parent != paths.data_dir():
        return None
    try:
        account = f"（{getpass.getuser()}）"
    except (OSError, ImportError):  # no USERNAME in the environment: the name is left out
        account = ""
    return (f"数据将保存在当前登录电脑的账户{account}自己的文件夹中：{paths.data_dir()}。\n"
            "这台电脑上的其他账户如果已经在用法治台账，请取消，换用那个账户登录电脑，不要在这里重新设置："
            "一个司法所的记录分在两个账户中无法合并，县里也只接收其中一个安装的数据包。")


class ModePage(QWizardPage):
    def __init__(self, db_path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("欢迎使用法治台账")
        self.setSubTitle("第一次使用，请先完成几项设置。本程序在哪个单位使用？")
        self.township = QRadioButton("乡镇司法所（登记本乡镇的各类台账）", checked=True)
        self.county = QRadioButton("县司法局（汇总各乡镇报送的台账）")
        self.restore = QRadioButton("从备份恢复（换了电脑或重装系统后，用U盘上的备份继续使用）")
        group = QButtonGroup(self)
        for button in (self.township, self.county, self.restore):
            group.addButton(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.township)
        layout.addWidget(self.county)
        layout.addSpacing(12)
        layout.addWidget(self.restore)
        layout.addWidget(hint_label("选择备份文件（文件名如 fazhi-backup-640522100-20260601-173015.zip，通常在U盘上）；"
                                    "在另一台电脑上做的备份需要输入抄下的备份恢复码。恢复后用原来的账户和密码登录。"))
        layout.addStretch(1)
        self.account_note = own_account_note(db_path) if db_path is not None else None
        if self.account_note:
            layout.addWidget(hint_label(self.account_note))


class PlacePage(QWizardPage):
    """County and township from the shipped division list; the office name follows the place until edited."""

    def __init__(self, known: dict[str, divisions.Division], parent: QWidget | None = None):
        super().__init__(parent)
        self.known = known
        self.setTitle("所在地和单位名称")
        self.county_combo = QComboBox()
        for division in sorted((d for d in known.values() if d.is_county), key=lambda d: d.code):
            self.county_combo.addItem(division.name, division.code)
        self.township_combo = QComboBox()
        self.township_label = QLabel("乡镇（街道）：")
        self.office = QLineEdit()
        self.office.setAccessibleName("单位名称")
        self._suggested = ""
        #: the code the office is known by in file names and the county's key table, said as the place is chosen
        self.code_label = QLabel(wordWrap=True)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(self)
        form.addRow("县（区）：", self.county_combo)
        form.addRow(self.township_label, self.township_combo)
        form.addRow("区划代码：", self.code_label)
        form.addRow("单位名称：", self.office)
        # changed later only by the 管理员 in 设置 (修改单位名称: core/office_name.py)
        hint = hint_label("单位名称打印在会议记录、调解协议书等文书上，并随数据包报送县司法局，请核对无误；"
                          "写错或乡改镇后，可由管理员在“设置”中修改单位名称。")
        form.addRow("", hint)
        self.registerField("office", self.office)
        self.office.textChanged.connect(self.completeChanged)
        self.county_combo.currentIndexChanged.connect(self._fill_townships)
        self.township_combo.currentIndexChanged.connect(self._suggest_office)
        self._fill_townships()

    def isComplete(self) -> bool:
        # not a mandatory field ("office*"): those must differ from their first value, and the suggestion is fine
        return bool(self.office.text().strip() and self.code())

    def validatePage(self) -> bool:
        """An office name that does not name its township is said here, before the password is chosen: the county
        could not enrol the office's key (core/divisions.setup_office_problem); a line break or markup in any
        office's name, too."""
        gone = None if self.wizard().is_county() else divisions.setup_year_problem(
            self.code(), office_date(system_clock()).year, self.known)
        if gone:
            self.wizard().dialogs.warn(self, "乡镇已撤并", gone)
            self.township_combo.setFocus()
            return False
        problem = divisions.setup_office_problem(self.office.text().strip(), self.code())
        if problem:
            self.wizard().dialogs.warn(self, "单位名称", problem)
            self.office.setFocus()
            return False
        return True

    def initializePage(self) -> None:
        county_mode = self.wizard().is_county()
        self.setSubTitle("请选择本县。" if county_mode else "请选择本司法所所在的乡镇（街道）。")
        self.township_label.setVisible(not county_mode)
        self.township_combo.setVisible(not county_mode)
        self._suggest_office()

    def _fill_townships(self) -> None:
        self.township_combo.blockSignals(True)
        self.township_combo.clear()
        for division in divisions.townships(self.county_combo.currentData() or "", self.known):
            self.township_combo.addItem(division.name, division.code)
        self.township_combo.blockSignals(False)
        self._suggest_office()

    def code(self) -> str:
        if self.wizard() is not None and self.wizard().is_county():
            return self.county_combo.currentData() or ""
        return self.township_combo.currentData() or ""

    def _suggest_office(self) -> None:
        county_mode = self.wizard() is not None and self.wizard().is_county()
        place = self.county_combo.currentText() if county_mode else self.township_combo.currentText()
        suggestion = f"{place}司法局" if county_mode else f"{place}司法所"
        if not self.office.text().strip() or self.office.text() == self._suggested:
            self.office.setText(suggestion)
        self._suggested = suggestion
        stem = self.wizard().db_path.stem if self.wizard() is not None else "fazhi"
        self.code_label.setText(code_said(self.code(), county_mode, stem))


def code_said(code: str, county: bool, stem: str) -> str:
    """The place's code beside it, and where the office will meet it again (a backup's name, the enrolment file, the
    county's key table): a new office never saw it before its first backup. `stem`: the database's name, which a
backup's name starts with (core/backup/rotation.py)."""
    if not code:
        return ""
    if county:
        return f"{code}（县级公钥文件、备份文件的名称中用这个代码，如 县级公钥-{code}.txt、{stem}-backup-{code}-….zip）"
    return (f"{code}（本所的登记文件、备份文件的名称和县里的密钥表都用这个代码，"
            f"如 登记-{code}.json、{stem}-backup-{code}-….zip）")


class OperatorPage(QWizardPage):
    """The operator becomes the first account, a 管理员, with the password given here (core.accounts)."""

    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("操作员和管理员账户")
        self.setSubTitle("日常使用本程序的工作人员，同时是管理员：打开程序时用此姓名和密码登录，"
                         "以后可再为所长和录入员创建账户。所长自己设置的，填所长本人的姓名：管理员能做所长能做的一切，"
                         "不必再建所长账户。")
        self.operator = QLineEdit(placeholderText="如：张三")
        self.operator.setAccessibleName("操作员姓名")
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("登录密码")
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("再次输入登录密码")
        self.problem = error_label()
        self.summary = hint_label()
        self.db_path = db_path
        form = QFormLayout(self)
        form.addRow("操作员姓名：", self.operator)
        form.addRow("登录密码：", self.password)
        form.addRow("再次输入：", self.again)
        form.addRow("", self.problem)
        form.addRow("", self.summary)
        self.registerField("operator", self.operator)
        for edit in (self.operator, self.password, self.again):
            edit.textChanged.connect(self._changed)

    def _changed(self) -> None:
        self.problem.setText(self.password_problem() or "")
        self.completeChanged.emit()

    def password_problem(self) -> str | None:
        """Why the password cannot be used yet (None when it can), as core would say it."""
        first, second = self.password.text(), self.again.text()
        if self.operator.text().strip():  # the operator's name is the login name: said here, not at 完成
            wrong = name_problem(self.operator.text())
            if wrong:
                return f"操作员姓名（也是登录用户名）：{wrong}"
        if not first:
            return None if not second else "请输入登录密码"
        try:
            check_new_password(first, self.operator.text())
        except ValidationError as exc:
            return "；".join(str(p) for p in exc.problems)
        if first != second:
            return "两次输入的密码不一致" if second else None
        return None

    def isComplete(self) -> bool:
        return bool(self.operator.text().strip() and self.password.text() and self.password_problem() is None
                    and self.password.text() == self.again.text())

    def initializePage(self) -> None:
        self.summary.setText(f"设置完成后，数据将保存在：\n{self.db_path}")


#: where the county's passphrase is kept: on paper with the bureau, not only in its technician's head, and not with
#: the backup stick (which holds the key it opens)
COUNTY_KEEP = "请抄在纸上，交局里封存保管（不要和备份U盘放在一起），经办人调走时当面交接。"
#: a township's: the clerk who exports knows it; the 所长 (who manages keys, 修改口令 when someone leaves) keeps it on
#: paper. Said with "not the login password": a new office set both alike, and the login password is the clerk's own
TOWNSHIP_KEEP = "口令不要和登录密码相同：导出数据包的人记住它，所长另抄一份封存保管（有人调走时修改口令）。"
SAME_AS_LOGIN = "口令不能和登录密码相同"


class KeyPage(QWizardPage):
    """The passphrase that encrypts the office's bundle key (township: signing key; county: decryption key)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("数据包密钥口令")
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("口令")
        self.again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.again.setAccessibleName("再次输入口令")
        self.problem = error_label()
        self.forgotten = hint_label()
        form = QFormLayout(self)
        form.addRow("口令：", self.passphrase)
        form.addRow("再次输入：", self.again)
        form.addRow("", self.problem)
        form.addRow("", self.forgotten)
        for edit in (self.passphrase, self.again):
            edit.textChanged.connect(self._changed)

    def initializePage(self) -> None:
        keep = f"至少 {MIN_PASSPHRASE} 个字符。请牢记并妥善保管：口令不会保存在电脑上。"
        if self.wizard().is_county():
            self.setSubTitle("各乡镇报送的数据包用县级密钥加密。密钥用此口令保护，导入数据包时需要输入。")
            # one technician's memory is no place for the key every township encrypts to (README: Keys)
            # the recovery code first: the county's keys are kept sealed to the backup key (bundle/county_escrow.py)
            self.forgotten.setText(keep + COUNTY_KEEP + "忘记后，所长或管理员可用备份恢复码（第一次备份时显示，请抄下）"
                                   "设新口令；恢复码也没有的，已经送来或还在路上的数据包都无法打开，也不能再出具回执，"
                                   "只能重新创建县级密钥，把新的县级公钥文件发给每个乡镇重新添加，并请乡镇重新导出。")
        else:
            self.setSubTitle("向县司法局报送的数据包用本所的签名密钥签名。密钥用此口令加密保存，导出数据包时需要输入。")
            self.forgotten.setText(TOWNSHIP_KEEP + "\n" + keep + "忘记后只能重新创建密钥并重新到县司法局登记。")
        self._changed()  # a login password changed to the passphrase typed before (上一步): said, not only greyed

    def _changed(self) -> None:
        first, second = self.passphrase.text(), self.again.text()
        if first and len(first) < MIN_PASSPHRASE:
            self.problem.setText(f"口令太短：至少 {MIN_PASSPHRASE} 个字符")
        elif first and first == self._login_password():
            self.problem.setText(SAME_AS_LOGIN)
        elif second and first != second:
            self.problem.setText("两次输入的口令不一致")
        else:
            self.problem.setText("")
        self.completeChanged.emit()

    def _login_password(self) -> str:
        return self.wizard().operator_page.password.text() if self.wizard() is not None else ""

    def isComplete(self) -> bool:
        text = self.passphrase.text()
        return len(text) >= MIN_PASSPHRASE and text == self.again.text() and text != self._login_password()


class SetupWizard(QWizard):
    """On 完成 the database is created at `db_path`; `store` then holds it open. A refusal keeps the wizard open."""

    def __init__(self, db_path: Path | str, dialogs, known: dict[str, divisions.Division] | None = None,
                 parent: QWidget | None = None, key_cost: tuple[int, int] | None = None, lock=None):
        super().__init__(parent)
        self.db_path, self.dialogs, self.key_cost = Path(db_path), dialogs, key_cost
        self.lock = lock  # the program's instance lock on db_path, which a restore swaps the file under
        self.store: Store | None = None
        #: the 管理员 account created with the database, logged in (the program opens without asking again)
        self.user: User | None = None
        self.setWindowTitle("法治台账 — 首次使用设置")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "上一步"), (QWizard.WizardButton.NextButton, "下一步"),
                             (QWizard.WizardButton.FinishButton, "完成"), (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.mode_page = ModePage(self.db_path)
        self.place_page = PlacePage(known or divisions.load_divisions())
        self.operator_page = OperatorPage(self.db_path)
        self.key_page = KeyPage()
        for page in (self.mode_page, self.place_page, self.operator_page, self.key_page):
            self.addPage(page)
        self.setMinimumWidth(em(self, 46))

    def is_county(self) -> bool:
        return self.mode_page.county.isChecked()

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        if self.currentPage() is self.mode_page and self.mode_page.restore.isChecked():
            if self.store is not None:
                return True  # restored: QWizard checks this page once more as it closes
            if self._restore_from_backup():
                QTimer.singleShot(0, self.accept)  # once this check has returned
            return False  # the other pages are for a new office
        if self.currentPage() is not self.key_page:
            return True
        return self._left_keys_set_aside() and self._create_database()

    def _left_keys_set_aside(self) -> bool:
        """A keys folder a deleted database left beside this one (core/bundle/left_keys.py): set aside under a dated
        name when the operator agrees, before anything is created. False: not agreed, or it could not be renamed."""
        from fazhi_desktop.core.bundle import left_keys

        folder = left_keys.left_keys(self.db_path)
        if folder is None:
            return True
        target = left_keys.aside_name(folder, local_now(system_clock))
        enrol = ("新的县级公钥文件须发给每个乡镇重新添加（电话核对指纹），之后各乡镇导出的数据包才能在这里打开。"
                 if self.is_county() else
                 f"新密钥须在“{KEYS}”中写出登记文件交县司法局，由县里以“更换”方式登记（fazhi enrol --replace），"
                 "之后县里才接收本所的数据包。")
        if not self.dialogs.confirm(
                self, "发现旧的密钥文件夹",
                f"数据库旁有以前留下的密钥文件夹：\n{folder}\n它属于已删除或移走的数据库，新设置的数据库不能接着用。\n\n"
                f"点“改名保留并创建新密钥”：把它改名为 {target.name} 原样保留（私钥不会删除），"
                f"再创建新的密钥。{enrol}\n\n"
                "原来的数据库有备份的，请点“取消”，回到第一页选“从备份恢复”：恢复后用原来的密钥，不必重新登记。",
                yes="改名保留并创建新密钥", default=False):
            return False
        try:
            left_keys.set_aside(folder, target)
        except FazhiError as exc:
            self.dialogs.error(self, "无法改名", str(exc))
            return False
        return True

    def choose_backup(self) -> Path | None:
        """The backup file to restore (tests replace this)."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self, "选择备份文件", str(backup_start(self.db_path)),
                                              "法治台账备份 (*.zip *.zip.001 *.zip.sha256);;所有文件 (*)")
        return Path(path) if path else None

    def _restore_from_backup(self) -> bool:
        """A new PC: the office's database from its backup, checked completely first (core/backup), with the
        recovery code when the backup was made elsewhere. True when `store` holds the restored database."""
        from fazhi_desktop.core.backup import sealing
        from fazhi_desktop.qt.backup_view import ask_recovery_code, prepare_and_wait
        from fazhi_desktop.qt.backup_widgets import mismatched_accepted

        backup = self.choose_backup()
        if backup is None:
            return False
        asked: list[str | None] = []  # the codes typed, None when 取消 was clicked

        def ask(why: sealing.BackupError) -> str | None:
            asked.append(ask_recovery_code(self.dialogs, self, sealing.question(why)))
            return asked[-1]

        try:  # on a worker thread, behind a progress box: scrypt with the recovery code takes seconds
            prepared = sealing.with_recovery_code(
                lambda code: prepare_and_wait(self, self.db_path, backup, force=True, code=code), ask)
        except sealing.WrongRecoveryCode as exc:
            self.dialogs.error(self, "不能用这个备份恢复", f"{exc}\n\n{no_code()}")
            return False
        except FazhiError as exc:
            self.dialogs.error(self, "不能用这个备份恢复", str(exc))
            return False
        if prepared is None:
            if asked and asked[-1] is None:  # the code was asked for and not given: not a dead end
                self.dialogs.info(self, "没有输入备份恢复码", f"备份没有恢复。\n\n{no_code()}")
            return False
        if not mismatched_accepted(self.dialogs, self, prepared) or not self.dialogs.confirm(
                self, "从备份恢复", "\n".join(prepared.lines()) + f"\n\n恢复到：{self.db_path}", yes="恢复"):
            prepared.discard()
            return False
        try:
            result = prepared.commit("首次使用设置", lock=self.lock, accept_mismatched=True)  # asked just now
            self.store = Store.open(self.db_path)
        except FazhiError as exc:
            self.dialogs.error(self, "恢复失败", str(exc))
            return False
        self.dialogs.info(self, "恢复完成", "\n".join(result.lines()))  # the backup settings are this PC's defaults
        return True

    def _create_database(self) -> bool:
        try:
            self.store = init_database(
                self.db_path, self.place_page.code(), office=self.place_page.office.text(),
                county=self.is_county(), operator=self.operator_page.operator.text(),
                admin_password=self.operator_page.password.text(),
            )
            self.user = self.store.user
        except FazhiError as exc:
            self.dialogs.error(self, "无法创建数据库", str(exc))
            return False
        except OSError as exc:
            self.dialogs.error(self, "无法创建数据库", f"无法在 {self.db_path} 创建数据库文件：{exc.strerror or exc}")
            return False
        self._create_key()
        return True

    def _create_key(self) -> None:
        """The bundle key, right after the database. A failure here is reported, and the database is kept: the key
        can be created later from 数据交换 → 密钥与登记."""
        from fazhi_desktop.core.bundle import keys

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.is_county():
                keys.init_county_keys(self.store, self.key_page.passphrase.text(), cost=self.key_cost)
            else:
                keys.init_township_key(self.store, self.key_page.passphrase.text(), cost=self.key_cost)
        except (FazhiError, OSError) as exc:
            self.dialogs.warn(self, "密钥未创建", f"数据库已创建，但数据包密钥没有创建成功：{exc}\n"
                              f"可稍后在“{KEYS}”中创建。")
        finally:
            QApplication.restoreOverrideCursor()

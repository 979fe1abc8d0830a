"""首次使用设置: mode, place, office name and operator, then the database is created (core.setup)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
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
from fazhi_desktop.core.errors import FazhiError
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core.store import Store
from fazhi_desktop.qt.hints import hint_label


class ModePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("欢迎使用法治台账")
        self.setSubTitle("第一次使用，请先完成几项设置。本程序在哪个单位使用？")
        self.township = QRadioButton("乡镇司法所（登记本乡镇的各类台账）", checked=True)
        self.county = QRadioButton("县司法局（汇总各乡镇报送的台账）")
        group = QButtonGroup(self)
        group.addButton(self.township)
        group.addButton(self.county)
        layout = QVBoxLayout(self)
        layout.addWidget(self.township)
        layout.addWidget(self.county)
        layout.addStretch(1)


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
        form = QFormLayout(self)
        form.addRow("县（区）：", self.county_combo)
        form.addRow(self.township_label, self.township_combo)
        form.addRow("单位名称：", self.office)
        hint = hint_label("单位名称打印在会议记录、调解协议书等文书上，可以修改。")
        form.addRow("", hint)
        self.registerField("office", self.office)
        self.office.textChanged.connect(self.completeChanged)
        self.county_combo.currentIndexChanged.connect(self._fill_townships)
        self.township_combo.currentIndexChanged.connect(self._suggest_office)
        self._fill_townships()

    def isComplete(self) -> bool:
        # not a mandatory field ("office*"): those must differ from their first value, and the suggestion is fine
        return bool(self.office.text().strip() and self.code())

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


class OperatorPage(QWizardPage):
    def __init__(self, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle("操作员")
        self.setSubTitle("日常使用本程序的工作人员。记录的登记人、修改人都记为此人。")
        self.operator = QLineEdit(placeholderText="如：张三")
        self.operator.setAccessibleName("操作员姓名")
        self.summary = hint_label()
        self.db_path = db_path
        form = QFormLayout(self)
        form.addRow("操作员姓名：", self.operator)
        form.addRow("", self.summary)
        self.registerField("operator", self.operator)
        self.operator.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.operator.text().strip())

    def initializePage(self) -> None:
        self.summary.setText(f"点击“完成”后，数据将保存在：\n{self.db_path}")


class SetupWizard(QWizard):
    """On 完成 the database is created at `db_path`; `store` then holds it open. A refusal keeps the wizard open."""

    def __init__(self, db_path: Path | str, dialogs, known: dict[str, divisions.Division] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path, self.dialogs = Path(db_path), dialogs
        self.store: Store | None = None
        self.setWindowTitle("法治台账 — 首次使用设置")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "上一步"), (QWizard.WizardButton.NextButton, "下一步"),
                             (QWizard.WizardButton.FinishButton, "完成"), (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.mode_page = ModePage()
        self.place_page = PlacePage(known or divisions.load_divisions())
        self.operator_page = OperatorPage(self.db_path)
        for page in (self.mode_page, self.place_page, self.operator_page):
            self.addPage(page)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("一") * 46)

    def is_county(self) -> bool:
        return self.mode_page.county.isChecked()

    def validateCurrentPage(self) -> bool:
        if not super().validateCurrentPage():
            return False
        if self.currentPage() is not self.operator_page:
            return True
        return self._create_database()

    def _create_database(self) -> bool:
        try:
            self.store = init_database(
                self.db_path, self.place_page.code(), office=self.place_page.office.text(),
                county=self.is_county(), operator=self.operator_page.operator.text(),
            )
        except FazhiError as exc:
            self.dialogs.error(self, "无法创建数据库", str(exc))
            return False
        except OSError as exc:
            self.dialogs.error(self, "无法创建数据库", f"无法在 {self.db_path} 创建数据库文件：{exc.strerror or exc}")
            return False
        return True

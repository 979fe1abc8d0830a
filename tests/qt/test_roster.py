# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""人员名册: adding, editing, deactivating people; what core refuses is shown next to the field, nothing saved."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

sys.path.insert(0, str(Path(__file__).parent))  # tests/qt/helpers.py, whatever pytest's import mode
sys.path.insert(0, str(Path(__file__).parents[1]))  # tests/bundle_world.py

from bundle_world import county_template, world  # noqa: F401  (fixtures)
from helpers import type_text

from fazhi_desktop.core import people
from fazhi_desktop.qt.roster_view import COLUMNS, RosterView

ACTOR = "杨芳"


@pytest.fixture
def roster(qtbot, store, dialogs):
    view = RosterView(store, dialogs, ACTOR)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    yield view
    if view.dialog is not None:  # a person dialog a test left open is window-modal: it would block the next test
        view.dialog.done(QDialog.DialogCode.Rejected)  # not reject(): that asks about what the test typed


def cell(view: RosterView, row: int, heading: str) -> str:
    return view.table.item(row, COLUMNS.index(heading)).text()


def rows(view: RosterView) -> list[str]:
    return [cell(view, r, "姓名") for r in range(view.table.rowCount())]


def test_roster_columns_are_chinese(roster):
    headings = [roster.table.horizontalHeaderItem(c).text() for c in range(roster.table.columnCount())]
    assert headings == ["姓名", "职务", "单位", "角色", "执法证号", "有效期", "任职时间", "状态"]


def test_adding_a_mediator(qtbot, roster, store):
    roster.add_button.click()
    dialog = roster.dialog
    assert dialog is not None and dialog.windowTitle() == "添加人员"
    type_text(qtbot, dialog.name, "苏燕")
    type_text(qtbot, dialog.title_edit, "司法助理员")
    type_text(qtbot, dialog.unit, "海城镇司法所")
    dialog.role_boxes["调解员"].setChecked(True)
    dialog.save_button.click()
    assert roster.dialog is None
    assert rows(roster) == ["苏燕"]
    assert cell(roster, 0, "角色") == "调解员" and cell(roster, 0, "状态") == "在用"
    assert [p.name for p in people.list_people(store)] == ["苏燕"]


def test_a_name_with_another_dot_is_asked_about_before_it_is_saved(qtbot, roster, store, dialogs):
    """阿依古丽•买买提 (a bullet, not the 间隔号 ·) was saved without a word, and the figures missed her records."""
    roster.add_button.click()
    dialog = roster.dialog
    dialog.name.setText("阿依古丽•买买提")  # pasted
    dialog.role_boxes["调解员"].setChecked(True)
    dialog.save_button.click()  # Enter's answer: 返回修改
    assert dialogs.shown[-1][:2] == ("confirm", "核对姓名")
    assert "“•”不是姓名的间隔号，是否应为“阿依古丽·买买提”" in dialogs.shown[-1][2]
    assert roster.dialog is dialog and people.list_people(store) == [] and dialogs.confirm_defaults == [False]
    dialog.name.setText("阿依古丽·买买提")
    dialog.save_button.click()
    assert len(dialogs.shown) == 1 and [p.name for p in people.list_people(store)] == ["阿依古丽·买买提"]


def test_a_name_with_a_space_is_saved_as_typed_when_the_clerk_says_so(qtbot, roster, store, dialogs):
    roster.add_button.click()
    type_text(qtbot, roster.dialog.name, "海 昇")
    dialogs.confirm_answers.append(True)  # 仍然保存
    roster.dialog.save_button.click()
    assert "“海 昇”中有空格，是否应为“海昇”" in dialogs.shown[-1][2]
    assert roster.dialog is None and [p.name for p in people.list_people(store)] == ["海 昇"]


def test_certificate_fields_show_only_for_enforcement_staff(qtbot, roster):
    roster.add_button.click()
    dialog = roster.dialog
    assert not dialog.cert_no.isVisible() and not dialog.cert_expiry.isVisible()
    dialog.role_boxes["执法人员"].setChecked(True)
    assert dialog.cert_no.isVisible() and dialog.cert_expiry.isVisible()


def test_enforcement_officer_without_certificate_number_is_listed_as_uncertified(qtbot, roster, store):
    """T29 exists to find staff without a certificate: the roster took no 执法人员 without a 执法证号, so a clerk
    could not enter the one the check found uncertified. Saved now, and listed as 未持证."""
    roster.add_button.click()
    dialog = roster.dialog
    type_text(qtbot, dialog.name, "海军")
    dialog.role_boxes["执法人员"].setChecked(True)
    dialog.save_button.click()
    assert not dialog.isVisible() and rows(roster) == ["海军"]
    assert cell(roster, 0, "执法证号") == "未持证" and cell(roster, 0, "有效期") == ""

    roster.table.selectRow(0)
    roster.edit_person()
    dialog = roster.dialog
    type_text(qtbot, dialog.cert_no, "宁640522-2021-0087")
    type_text(qtbot, dialog.cert_expiry, "2028年12月31日")
    dialog.save_button.click()
    assert rows(roster) == ["海军"]
    assert cell(roster, 0, "执法证号") == "宁640522-2021-0087" and cell(roster, 0, "有效期") == "2028-12-31"


def test_a_title_too_long_is_refused_under_the_title(qtbot, roster, store):
    """A 职务 pasted whole from a document: refused where it was typed, not in a line above the form."""
    roster.add_button.click()
    dialog = roster.dialog
    type_text(qtbot, dialog.name, "王梅")
    dialog.title_edit.setText("所" * 2001)  # pasted: typing 2,001 characters would take the test a minute
    dialog.save_button.click()
    assert dialog.errors["title"].isVisible() and dialog.errors["title"].text() == "太长：2001 个字，最多 2000 个字"
    assert not dialog.general_error.isVisible() and people.list_people(store) == []


def test_a_bad_phone_number_is_explained(qtbot, roster, store):
    roster.add_button.click()
    dialog = roster.dialog
    type_text(qtbot, dialog.name, "王梅")
    type_text(qtbot, dialog.phone, "12345")
    dialog.save_button.click()
    assert dialog.errors["phone"].isVisible() and dialog.errors["phone"].text()
    assert people.list_people(store) == []


def test_editing_a_person(qtbot, roster, store):
    person = people.add_person(store, ACTOR, "李强", title="副镇长")
    roster.refresh()
    roster.table.selectRow(0)
    roster.edit_button.click()
    dialog = roster.dialog
    assert dialog.windowTitle() == "编辑人员" and dialog.name.text() == "李强"
    dialog.title_edit.clear()
    type_text(qtbot, dialog.title_edit, "副镇长（分管政法）")
    dialog.save_button.click()
    assert cell(roster, 0, "职务") == "副镇长（分管政法）"
    assert people.get_person(store, person.id).title == "副镇长（分管政法）"


def test_deactivating_asks_first_and_activating_brings_back(roster, store, dialogs):
    person = people.add_person(store, ACTOR, "马斌", roles=["调解员"])
    roster.refresh()
    roster.table.selectRow(0)
    assert roster.active_button.text() == "停用"

    dialogs.text_answers = [None]  # 取消
    roster.active_button.click()
    assert people.get_person(store, person.id).active
    assert dialogs.text_defaults == [""]  # not today: a clean-up would date everyone who left years ago today

    dialogs.text_answers = [""]  # not leaving, or the day is not known
    roster.active_button.click()
    assert not people.get_person(store, person.id).active
    assert cell(roster, 0, "状态") == "已停用" and cell(roster, 0, "任职时间") == ""
    assert roster.active_button.text() == "启用"

    roster.show_inactive.setChecked(False)
    assert rows(roster) == []
    roster.show_inactive.setChecked(True)
    roster.table.selectRow(0)
    roster.active_button.click()
    assert people.get_person(store, person.id).active and cell(roster, 0, "状态") == "在用"


def test_an_expired_certificate_stands_out(roster, store):
    people.add_person(store, ACTOR, "马斌", roles=["执法人员"], cert_no="宁640522-2020-0311", cert_expiry="2026-01-31")
    people.add_person(store, ACTOR, "禹成", roles=["执法人员"], cert_no="宁640522-2023-0123", cert_expiry="2027-12-31")
    roster.refresh()
    by_name = {cell(roster, r, "姓名"): cell(roster, r, "有效期") for r in range(roster.table.rowCount())}
    assert by_name == {"马斌": "2026-01-31（已过期）", "禹成": "2027-12-31"}  # the store's clock says 2026-06-01


def test_deactivating_with_the_day_they_left_keeps_it(roster, store, dialogs):
    person = people.add_person(store, ACTOR, "马强", roles=["主要负责同志"], joined_on="2021-03-01")
    roster.refresh()
    roster.table.selectRow(0)
    dialogs.text_answers = ["2026年3月15日"]
    roster.active_button.click()
    held = people.get_person(store, person.id)
    assert (held.active, held.left_on) == (False, "2026-03-15")
    assert cell(roster, 0, "任职时间") == "2021-03-01 至 2026-03-15" and cell(roster, 0, "状态") == "已停用"


def test_a_wrong_day_they_left_is_refused_and_nothing_changes(roster, store, dialogs):
    person = people.add_person(store, ACTOR, "马强", roles=["主要负责同志"])
    roster.refresh()
    roster.table.selectRow(0)
    dialogs.text_answers = ["2026-07-01"]  # after today (2026-06-01)
    roster.active_button.click()
    assert people.get_person(store, person.id).active
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法修改人员状态") and "离任日期" in text and "晚于今天" in text


def test_a_closed_years_leaders_stay_as_they_were_in_post_and_the_roster_says_why(qtbot, roster, store, dialogs):
    """A leader added with a 到任日期 in the closed year, or one taken out of use without a 离任日期, changed the
    year's 领导干部述法 after the county scored it; both are refused where the clerk typed."""
    from fazhi_desktop.core import year_close

    person = people.add_person(store, ACTOR, "马强", roles=["主要负责同志"], joined_on="2021-03-01")
    year_close.close_year(store, 2025, ACTOR)
    roster.refresh()
    roster.add_button.click()
    dialog = roster.dialog
    type_text(qtbot, dialog.name, "王新")
    dialog.role_boxes["主要负责同志"].setChecked(True)
    type_text(qtbot, dialog.joined_on, "2025年3月")
    dialog.save_button.click()
    assert roster.dialog is dialog and dialog.errors["joined_on"].isVisible()
    assert dialog.errors["joined_on"].text().startswith("2025年已封账：到任日期在2025年或之前，即2025年已在任")
    assert [p.name for p in people.list_people(store)] == ["马强"]
    dialog.done(QDialog.DialogCode.Rejected)
    roster.table.selectRow(0)
    dialogs.text_answers = [""]  # 停用 without the day he left: no longer counted in post on 31 December 2025
    roster.active_button.click()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("error", "无法修改人员状态") and text.startswith("离任日期：2025年已封账")
    assert people.get_person(store, person.id).active
    dialogs.text_answers = ["2026-03-15"]
    roster.active_button.click()
    assert people.get_person(store, person.id).left_on == "2026-03-15"


def test_the_dialog_saves_the_days_in_post_and_a_day_left_takes_the_person_out_of_use(qtbot, roster, store):
    roster.add_button.click()
    dialog = roster.dialog
    type_text(qtbot, dialog.name, "马强")
    dialog.role_boxes["主要负责同志"].setChecked(True)
    type_text(qtbot, dialog.joined_on, "2021.3.1")
    type_text(qtbot, dialog.left_on, "2020-12-31")
    dialog.save_button.click()
    assert dialog.isVisible() and dialog.errors["left_on"].text() == "早于到任日期 2021-03-01"
    dialog.left_on.clear()
    type_text(qtbot, dialog.left_on, "2025-12-31")
    dialog.save_button.click()
    assert not dialog.isVisible()
    held = people.list_people(store)[0]
    assert (held.joined_on, held.left_on, held.active) == ("2021-03-01", "2025-12-31", False)
    assert cell(roster, 0, "任职时间") == "2021-03-01 至 2025-12-31" and cell(roster, 0, "状态") == "已停用"


def test_a_person_who_left_is_not_brought_back_by_a_click_that_would_erase_the_term(roster, store, dialogs):
    """启用 deleted the 离任日期: the leader then counted as in post in the years he was away."""
    person = people.add_person(store, ACTOR, "何平", roles=["主要负责同志"], joined_on="2019-01-01",
                               left_on="2024-06-30")
    roster.refresh()
    roster.table.selectRow(0)
    assert roster.active_button.text() == "启用"
    roster.active_button.click()
    kind, title, text = dialogs.shown[-1]
    assert (kind, title) == ("info", "启用人员") and "添加人员" in text and "原来的任职时间保留" in text
    held = people.get_person(store, person.id)
    assert (held.active, held.left_on) == (False, "2024-06-30")


def test_clearing_the_day_left_in_the_dialog_brings_the_person_back_into_use(qtbot, roster, store):
    person = people.add_person(store, ACTOR, "张文", roles=["主要负责同志"], joined_on="2020-01-01",
                               left_on="2026-03-01")
    roster.refresh()
    roster.table.selectRow(0)
    roster.edit_button.click()
    dialog = roster.dialog
    assert not dialog.left_hint.isVisibleTo(dialog)
    dialog.left_on.clear()  # "在任不填"
    assert dialog.left_hint.isVisibleTo(dialog) and "另建一条" in dialog.left_hint.text()  # a second term?
    dialog.save_button.click()
    held = people.get_person(store, person.id)
    assert (held.active, held.left_on, held.joined_on) == (True, None, "2020-01-01")


def test_a_leader_without_a_day_joined_is_told_what_that_means(qtbot, roster):
    roster.add_button.click()
    dialog = roster.dialog
    assert not dialog.leader_hint.isVisibleTo(dialog)
    dialog.role_boxes["主要负责同志"].setChecked(True)
    assert dialog.leader_hint.isVisibleTo(dialog) and "计入往年" in dialog.leader_hint.text()
    type_text(qtbot, dialog.joined_on, "2021-03-01")
    assert not dialog.leader_hint.isVisibleTo(dialog)


def test_taking_the_leader_role_away_says_it_takes_away_the_years_served(qtbot, roster, store):
    """The roster keeps no history of roles: unticking 主要负责同志 drops the leader from past years' 述法 too."""
    people.add_person(store, ACTOR, "张文", roles=["主要负责同志"], joined_on="2020-01-01")
    roster.refresh()
    roster.table.selectRow(0)
    roster.edit_button.click()
    dialog = roster.dialog
    dialog.show()
    assert not dialog.role_hint.isVisibleTo(dialog)
    dialog.role_boxes["主要负责同志"].setChecked(False)
    label = dialog.role_hint
    assert label.isVisibleTo(dialog) and "填写离任日期" in label.text()
    # this year's lectures too (T46c, T47 read today's roles): a 镇长 moved to 人大主席 lost his March 讲法
    assert "本年已讲的法" in label.text() and "改任后的职务另建一条" in label.text()
    # every line: the open dialog kept its height and cut the hint in half, under 联系电话
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=2000)
    dialog.role_boxes["执法人员"].setChecked(True)  # the certificate rows still follow their role
    assert dialog.cert_no.isVisibleTo(dialog) and dialog.role_hint.isVisibleTo(dialog)
    dialog.role_boxes["主要负责同志"].setChecked(True)
    assert not dialog.role_hint.isVisibleTo(dialog)


def test_a_long_message_under_a_field_shows_every_line(qtbot, roster):
    """In 长者模式 a wrapped message under a field was cut in half (20 px of the 34 it needs)."""
    from fazhi_desktop.core.errors import FieldProblem, ValidationError

    roster.add_button.click()
    dialog = roster.dialog
    dialog.show()
    long = "号码位数不对：手机号应为 11 位，座机应为区号加号码（如 0955-1234567），请核对后重新填写；" * 2
    dialog.show_problems(ValidationError([FieldProblem("phone", "联系电话", long)]))
    qtbot.waitUntil(lambda: dialog.errors["phone"].isVisible())
    label = dialog.errors["phone"]
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()), timeout=2000)


def test_the_county_sees_the_townships_rosters_read_only(qtbot, world, dialogs):
    """T47 is counted at the county from the rosters the bundles carry; the page was empty and offered 添加人员."""
    town = world.town("640522100")
    people.add_person(town.store, ACTOR, "马书记", roles=["主要负责同志"], joined_on="2020-01-01",
                      left_on="2025-11-30")
    people.add_person(town.store, ACTOR, "田镇长", roles=["主要负责同志"])
    assert world.import_(world.export(town).path).ok
    view = RosterView(world.county, dialogs, ACTOR)
    qtbot.addWidget(view)
    assert view.columns[0] == "乡镇"
    rows = [[view.table.item(r, c).text() for c in (0, 1, 7, 8)] for r in range(view.table.rowCount())]
    assert rows == [["海城镇", "田镇长", "", "在用"], ["海城镇", "马书记", "2020-01-01 至 2025-11-30", "已停用"]]
    assert view.add_button.isHidden() and view.edit_button.isHidden() and view.active_button.isHidden()
    view.table.selectRow(0)
    view.edit_person()
    view.add_person()
    assert view.dialog is None  # nothing to edit: a township changes its own roster


def test_the_county_keeps_no_roster_of_its_own(world):
    from fazhi_desktop.core.errors import Conflict

    with pytest.raises(Conflict, match="县级数据库不登记人员名册"):
        people.add_person(world.county, ACTOR, "马强", roles=["主要负责同志"])


PHONE = "13909541234"


def phone_dialog(qtbot, store, person, dialogs):
    from PySide6.QtWidgets import QApplication

    from fazhi_desktop.qt.person_dialog import PersonDialog

    dialog = PersonDialog(store, dialogs, ACTOR, person)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def click_into(qtbot, dialog, field) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)


@pytest.fixture
def person_with_phone(store, staff):
    store.user = staff["admin"]
    person = people.add_person(store, ACTOR, "李强", title="副镇长", phone=PHONE)
    store.user = None
    return person


def test_a_clerk_sees_a_roster_phone_masked_and_replaces_it_by_typing(qtbot, store, staff, person_with_phone,
                                                                      dialogs):
    """A 录入员 read every phone of the roster in full in 编辑人员, though `fazhi people list` masks them."""
    from fazhi_desktop.core import reveals

    store.user = staff["clerk"]
    dialog = phone_dialog(qtbot, store, person_with_phone, dialogs)
    assert dialog.phone.text() == "139****1234"
    click_into(qtbot, dialog, dialog.phone)
    assert dialog.phone.text() == "139****1234"  # clicked into: still masked for her
    type_text(qtbot, dialog.phone, "13812345678")
    assert dialog.phone.text() == "13812345678"  # what she types she reads
    dialog.save_button.click()
    assert people.get_person(store, person_with_phone.id).phone == "13812345678"
    store.user = staff["admin"]
    assert reveals.reveal_log(store) == []


def test_a_clerk_who_empties_a_stored_phone_without_typing_keeps_it(qtbot, store, staff, person_with_phone, dialogs):
    store.user = staff["clerk"]
    dialog = phone_dialog(qtbot, store, person_with_phone, dialogs)
    click_into(qtbot, dialog, dialog.phone)
    qtbot.keyClick(dialog.phone, "\b")  # a Backspace empties it: she could not see what she would lose
    assert dialog.phone.text() == ""
    click_into(qtbot, dialog, dialog.name)
    assert dialog.phone.text() == "139****1234"
    dialog.save_button.click()
    assert people.get_person(store, person_with_phone.id).phone == PHONE


def test_a_head_sees_the_roster_phone_on_clicking_into_it_and_it_is_noted_once(qtbot, store, staff,
                                                                               person_with_phone, dialogs):
    from fazhi_desktop.core import reveals

    store.user = staff["head"]
    dialog = phone_dialog(qtbot, store, person_with_phone, dialogs)
    assert dialog.phone.text() == "139****1234"
    for _ in range(2):
        click_into(qtbot, dialog, dialog.phone)
        assert dialog.phone.text() == PHONE
        click_into(qtbot, dialog, dialog.name)
        assert dialog.phone.text() == "139****1234"
    store.user = staff["admin"]
    [entry] = reveals.reveal_log(store)
    assert (entry["actor"], entry["how"]) == ("杨芳", "人员名册中查看电话")
    assert reveals.record_text(store, entry) == "人员名册 李强"


def test_a_head_made_clerk_sees_the_roster_phone_she_revealed_masked_again(qtbot, store, staff, person_with_phone,
                                                                           dialogs):
    """Noted once per dialog, the phone stayed shown to her after a 管理员 made her 录入员 (another window)."""
    from fazhi_desktop.core import accounts
    from fazhi_desktop.core.store import Store

    store.user = staff["head"]
    dialog = phone_dialog(qtbot, store, person_with_phone, dialogs)
    click_into(qtbot, dialog, dialog.phone)
    assert dialog.phone.text() == PHONE
    click_into(qtbot, dialog, dialog.name)
    other = Store.open(store.path, ledgers=store.ledgers, clock=store.clock)
    accounts.login(other, "admin", "mima-2026")
    accounts.change_account(other, "杨芳", role="录入员")
    other.close()
    click_into(qtbot, dialog, dialog.phone)
    assert dialog.phone.text() == "139****1234"

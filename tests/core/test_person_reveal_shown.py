"""查找当事人 and 个人信息摘录 in the reveal log: each entry names where he stands in the record, not every party's
numbers the record holds (李秀兰's were never shown to him), and keeps the request as its 用途."""

from __future__ import annotations

from person_records import HIS_ID, STAFF_PASSWORD, add_his_records

from fazhi_desktop.core import accounts, person_search
from fazhi_desktop.core.documents.extract import render_extract

REASON = "当事人本人申请查阅、复制"


def test_the_log_names_his_place_in_each_record_and_the_request(store, staff, tmp_path):
    accounts.login(store, "马丽", STAFF_PASSWORD)
    add_his_records(store)
    accounts.login(store, "杨芳", STAFF_PASSWORD)
    found = person_search.find(store, person_search.person("马建国", HIS_ID), REASON)
    chosen = [hit for hit in found.hits if hit.record.number == "〔2026〕人调字第1号"]
    render_extract(store, found, tmp_path / "one.pdf", chosen)
    logged = {(e["number"], e["how"][:6]): (e["shown"], e["reason"])
              for e in store.query("SELECT number, how, shown, reason FROM reveal_log")}
    assert logged[("〔2026〕人调字第1号", "查找当事人（")] == ("当事人（申请人）", REASON)
    assert logged[("〔2026〕投诉字第2号", "查找当事人（")] == ("投诉人", REASON)
    shown, reason = logged[("〔2026〕人调字第1号", "个人信息摘录")]
    assert shown.startswith("当事人（申请人）：") and "身份证号、" in shown and reason == REASON
    # in 第1号 the other party's row (被申请人 李秀兰) was neither searched out nor printed
    assert all("被申请人" not in shown for (number, _), (shown, _) in logged.items() if number == "〔2026〕人调字第1号")

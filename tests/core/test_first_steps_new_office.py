"""帮助 → 第一次使用 played by a new 所长 who set the program up herself (苏雪, 郑旗乡司法所): the accounts step read
所长 0 and 未完成 after her clerk's account was made, asking for a second account of hers, though her 管理员 account
may do all a 所长 may; and the enrolment step read 无法自动判断 alike before and after she wrote the file."""

from __future__ import annotations

from fazhi_desktop.core import accounts, people
from fazhi_desktop.core.bundle import keys
from fazhi_desktop.core.first_steps import DONE, TO_DO, UNKNOWN, first_steps
from fazhi_desktop.core.setup import init_database


def test_the_head_who_set_it_up_needs_no_second_account(tmp_path, ledgers, clock):
    store = init_database(tmp_path / "t.db", "640522207", office="郑旗乡司法所", operator="苏雪",
                          admin_password="suxue-2026", ledgers=ledgers, clock=clock)
    try:
        accounts.add_account(store, "周婷", None, "录入员", "zhouting-2026")
        step = first_steps(store)[0]
        assert step.state == TO_DO  # the program cannot know yet that 苏雪 is the 所长
        assert "在人员名册把苏雪登记为“司法所所长”，这一步就算完成" in step.detail
        people.add_person(store, "苏雪", "苏雪", title="所长", roles=["司法所所长"])
        step = first_steps(store)[0]
        assert step.state == DONE
        assert step.detail == "现有：管理员 1、所长 0、录入员 1（管理员苏雪是人员名册中的司法所所长，不必再建所长账户）"
    finally:
        store.close()


def test_a_clerk_at_the_admin_account_still_wants_the_heads(tmp_path, ledgers, clock):
    store = init_database(tmp_path / "t.db", "640522207", office="郑旗乡司法所", operator="周婷",
                          admin_password="zhouting-2026", ledgers=ledgers, clock=clock)
    try:
        accounts.add_account(store, "马丽", None, "录入员", "mali-2026-x")
        people.add_person(store, "周婷", "苏雪", title="所长", roles=["司法所所长"])  # the 所长 has no account
        assert first_steps(store)[0].state == TO_DO
    finally:
        store.close()


def test_the_enrolment_step_says_the_file_was_written(tmp_path, ledgers, clock):
    store = init_database(tmp_path / "t.db", "640522207", office="郑旗乡司法所", operator="苏雪",
                          admin_password="suxue-2026", ledgers=ledgers, clock=clock)
    try:
        keys.init_township_key(store, "zhengqi-key-2026")
        step = first_steps(store)[2]
        assert (step.state, step.detail) == (TO_DO, "尚未写出登记文件")
        said = keys.enrolment_written_text(store, keys.write_enrolment(store, tmp_path / "e.json"), tmp_path / "e.json")
        step = first_steps(store)[2]
        assert (step.state, step.detail) == (UNKNOWN, "已写出登记文件；县里登记后本程序才知道（收到第一份回执时）")
        # what she has to ask the county for in the same call: its key file, and its fingerprint
        assert "先报乡镇“郑旗乡”" in said and keys.township_key(store).fingerprint in said
        assert "请县司法局把县级公钥文件（县级公钥-640522.txt）交给本所" in said
    finally:
        store.close()

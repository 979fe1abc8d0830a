"""An office's name is one line of every document heading, report and file name: a line break, markup or a name
of pages is refused at the setup (the wizard and `fazhi init`) and in an enrolment file the county reads, while every
real 司法所 and 司法局 name of the shipped lists passes."""

from __future__ import annotations

import json

import pytest
from bundle_world import LOW_COST, TOWN_PASS

from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.divisions import load_divisions, setup_office_problem
from fazhi_desktop.core.errors import SetupError
from fazhi_desktop.core.setup import init_database

BAD = {"海城镇司法所\n海城镇人民调解委员会": "换行", "海城镇<b>司法所</b>": "符号 / < >",
       "海城镇司法所" * 8: "太长：48 个字，最多 40 个字"}


@pytest.mark.parametrize(("office", "said"), BAD.items())
def test_an_office_name_of_two_lines_markup_or_pages_is_refused_at_the_setup(tmp_path, ledgers, clock, office, said):
    for code, name in (("640522100", "township.db"), ("640522", "county.db")):
        with pytest.raises(SetupError, match="单位名称") as refused:
            init_database(tmp_path / name, code, office=office, county=len(code) == 6, ledgers=ledgers, clock=clock)
        assert said in str(refused.value)
        assert not (tmp_path / name).exists()


def test_every_real_office_name_passes():
    for code, division in load_divisions().items():
        kind = "司法局" if division.is_county else "司法所"
        for office in (f"{division.name}{kind}", f"宁夏回族自治区中卫市海原县{division.name}{kind}"):
            assert setup_office_problem(office, code) is None, office


def test_an_enrolment_file_whose_office_name_breaks_a_line_is_refused_naming_the_file(tmp_path, ledgers, clock):
    township = init_database(tmp_path / "t.db", "640522100", office="海城镇司法所", ledgers=ledgers, clock=clock)
    keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    keymod.write_enrolment(township, tmp_path / "海城镇-登记文件.json")
    township.close()
    data = json.loads((tmp_path / "海城镇-登记文件.json").read_text(encoding="utf-8"))
    for office, said in BAD.items():
        data["office"] = office
        (tmp_path / "改过.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        with pytest.raises(BundleError, match=r"改过\.json：单位名称") as refused:
            keymod.read_enrolment(tmp_path / "改过.json")
        assert said in str(refused.value)
    data["office"] = ["海城镇司法所"]
    (tmp_path / "改过.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(BundleError, match=r"改过\.json：单位名称应为文字"):
        keymod.read_enrolment(tmp_path / "改过.json")


def test_a_full_width_space_is_a_space_not_an_invisible_character(tmp_path, ledgers, clock):
    """“海原县　海城镇司法所”, its space typed by the Chinese input method (U+3000), was refused at the setup as
    含有换行或看不见的控制字符, and a township set up so before could no longer be enrolled at the county, its name
    fixed at the setup for good."""
    office = "海原县\u3000海城镇司法所"
    assert setup_office_problem(office, "640522100") is None
    township = init_database(tmp_path / "t.db", "640522100", office=office, ledgers=ledgers, clock=clock)
    keymod.init_township_key(township, TOWN_PASS, cost=LOW_COST)
    keymod.write_enrolment(township, tmp_path / "海城镇-登记文件.json")
    township.close()
    assert keymod.read_enrolment(tmp_path / "海城镇-登记文件.json").office == office

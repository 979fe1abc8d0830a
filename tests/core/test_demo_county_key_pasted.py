"""The county demo's key pasted as its two key lines alone (no `# 演示` note: copied from 密钥与登记's screen, or the
note trimmed off in a chat) was taken by a real township, which then encrypted its real records to a key whose
passphrase README prints. The demo's receipt-signing key now says what it is by its id, so the key is refused however
it arrives."""

from __future__ import annotations

import pytest
from bundle_world import COUNTY_PASS, LOW_COST

from fazhi_desktop.cli import main
from fazhi_desktop.core.bundle import county_key, demo_mark
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.setup import init_database

REFUSED = "这是县级演示数据库的公钥，它的口令是公开的，加密给它的数据包谁都能打开，正式的乡镇不能使用。未添加。"


def county_public(tmp_path, ledgers, clock, demo: bool) -> keymod.CountyPublic:
    name = "county-demo" if demo else "county"
    county = init_database(tmp_path / f"{name}.db", "640522", county=True, office="海原县司法局", ledgers=ledgers,
                           clock=clock)
    if demo:
        county.set_settings(demo="1")
    keymod.init_county_keys(county, COUNTY_PASS, cost=LOW_COST)
    public = keymod.county_public(county)
    county.close()
    assert public is not None
    return public


def two_lines(public: keymod.CountyPublic) -> str:
    return f"{public.recipient}\n{public.signing.base64()}\n"


def test_the_demos_two_key_lines_are_refused_by_a_real_township(store, tmp_path, ledgers, clock, capsys):
    pasted = two_lines(county_public(tmp_path, ledgers, clock, demo=True))
    with pytest.raises(BundleError, match=f"粘贴的文字：{REFUSED}"):
        county_key.add_county_keys(store, pasted, "杨芳", "粘贴的文字")
    assert main(["--db", str(store.path), "county-key", "add", pasted, "--yes"]) == 1
    assert REFUSED in capsys.readouterr().err
    assert keymod.county_keys_known(store).recipients == []

    store.set_settings(demo="1")  # a demonstration township takes it
    assert county_key.add_county_keys(store, pasted, "杨芳", "粘贴的文字").recipients


def test_a_real_countys_two_key_lines_are_taken(store, tmp_path, ledgers, clock):
    public = county_public(tmp_path, ledgers, clock, demo=False)
    assert not demo_mark.is_demo_key(public.signing)
    assert county_key.add_county_keys(store, two_lines(public), "杨芳", "粘贴的文字").recipients == [public.recipient]

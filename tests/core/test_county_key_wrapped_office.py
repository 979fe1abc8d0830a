"""A pasted county key wrapped narrowly (code review C of the twentieth session): the office note's second half
was skipped as "the rest of a note" and the office name kept cut in half (shown in 密钥与登记 as 县级公钥：海原县司 …),
and adding the whole file again did not correct it."""
import pytest
from pyrage import x25519
from test_county_key_wrapped import hard_wrapped

from fazhi_desktop.core.bundle import county_key, minisign
from fazhi_desktop.core.bundle import keys as keymod


@pytest.mark.parametrize("width", [12, 13, 16, 20, 24, 25])
def test_a_wrapped_office_note_keeps_the_whole_office_name(width):
    """Wrapped right after its colon (12), twice (13), or before its closing ） alone (25)."""
    public = keymod.CountyPublic("640522", "海原县司法局", str(x25519.Identity.generate().to_public()),
                                 minisign.SecretKey.generate().public)
    keys = county_key.parse_county_keys(hard_wrapped(public.file_text(), width), "粘贴的文字")
    assert keys.fingerprint == public.fingerprint
    assert keys.office == "海原县司法局（640522）"


def test_the_whole_file_added_again_corrects_an_office_name_cut_off(store):
    public = keymod.CountyPublic("640522", "海原县司法局", str(x25519.Identity.generate().to_public()),
                                 minisign.SecretKey.generate().public)
    county_key.add_county_keys(store, hard_wrapped(public.file_text(), 20), "马文军", "粘贴的文字")
    held = county_key.add_county_keys(store, public.file_text(), "马文军", "county.pub")
    assert "海原县司法局（640522）" in county_key.held_text(held)


def test_the_same_keys_under_another_office_name_correct_the_name_held(store):
    """A name stored cut off before this fix (or by hand) is corrected by the whole file; a paste without the
    office note keeps the name held."""
    public = keymod.CountyPublic("640522", "海原县司法局", str(x25519.Identity.generate().to_public()),
                                 minisign.SecretKey.generate().public)
    county_key.add_county_keys(store, public.file_text().replace("海原县司法局（640522）", "海原县司"), "马文军")
    change = county_key.county_key_change(store, public.file_text())
    assert change.same and change.relabels
    assert change.same_text == ("本所已保存这把县级公钥，单位名称由“海原县司”改为“海原县司法局（640522）”"
                                f"（指纹 {public.fingerprint}）。")  # the office once, not again in the bracket
    held = county_key.add_county_keys(store, public.file_text(), "马文军")
    assert held.office == "海原县司法局（640522）"
    bare = f"{public.recipient}\n{public.signing.base64()}\n"
    assert not county_key.county_key_change(store, bare).relabels
    assert county_key.add_county_keys(store, bare, "马文军").office == "海原县司法局（640522）"

"""A county key file pasted from a chat that wrapped its lines, and notes that fold to `# 指纹：` (code review A of
the twentieth session): a wrapped paste was refused at the comment's second half, and a wrong stated fingerprint in a
note written with ﹟ or ﹕ was no longer compared."""

from __future__ import annotations

import pytest
from pyrage import x25519

from fazhi_desktop.core.bundle import county_key, minisign
from fazhi_desktop.core.bundle import keys as keymod
from fazhi_desktop.core.bundle.common import BundleError

WRONG = "0000 0000 0000 0000 0000 0000 0000 0000"


def county_file() -> tuple[keymod.CountyPublic, str]:
    identity = x25519.Identity.generate()
    public = keymod.CountyPublic("640522", "海原县司法局", str(identity.to_public()),
                                 minisign.SecretKey.generate().public)
    return public, public.file_text()


def hard_wrapped(text: str, width: int) -> str:
    lines = []
    for line in text.splitlines():
        while len(line) > width:
            lines.append(line[:width])
            line = line[width:]
        lines.append(line)
    return "\n".join(lines)


@pytest.mark.parametrize("width", [20, 30, 40, 43])
def test_a_paste_wrapped_where_the_fingerprint_note_wraps_is_read(width):
    """Any width that breaks the 44-character `# 指纹：` note also breaks the 48-character comment under it, whose
    second half (“公钥（核验县级回执）”) was refused as 第 5 行不是县级公钥."""
    public, text = county_file()
    keys = county_key.parse_county_keys(hard_wrapped(text, width), "粘贴的文字")
    assert keys.fingerprint == public.fingerprint
    wrong = hard_wrapped(text.replace(public.fingerprint, WRONG), width)
    with pytest.raises(BundleError, match=r"文件中写的指纹.*与其中的公钥不符"):
        county_key.parse_county_keys(wrong, "粘贴的文字")


def test_a_line_of_other_text_after_a_key_is_still_refused():
    public, text = county_file()
    with pytest.raises(BundleError, match=r"^粘贴的文字 第 5 行不是县级公钥"):
        county_key.parse_county_keys(text.replace(public.signing.base64(), "请查收\n" + public.signing.base64()),
                                     "粘贴的文字")
    with pytest.raises(BundleError, match=r"^粘贴的文字 第 6 行不是县级公钥"):
        county_key.parse_county_keys(text + "好的，收到\n", "粘贴的文字")
    with pytest.raises(BundleError, match=r"^粘贴的文字 第 4 行不是县级公钥"):  # a hex line after the whole fingerprint
        county_key.parse_county_keys(text.replace("\nage1", "\nABCD\nage1"), "粘贴的文字")


@pytest.mark.parametrize(("mark", "colon"), [("﹟", "："), ("＃", "﹕"), ("#", ":")])
def test_a_stated_fingerprint_read_as_a_note_is_compared(mark, colon):
    """A line NFKC folds to `# 指纹:` is taken as a note, but its fingerprint was matched on the unfolded line."""
    public, text = county_file()
    wrong = text.replace(f"# 指纹：{public.fingerprint}", f"{mark} 指纹{colon}{WRONG}")
    with pytest.raises(BundleError, match=r"文件中写的指纹.*与其中的公钥不符"):
        county_key.parse_county_keys(wrong, "粘贴的文字")
    right = text.replace("# 指纹：", f"{mark} 指纹{colon}").replace("# 法治台账 县级公钥：",
                                                                  f"{mark}法治台账 县级公钥{colon}")
    keys = county_key.parse_county_keys(right, "粘贴的文字")
    assert (keys.fingerprint, keys.office) == (public.fingerprint, "海原县司法局（640522）")  # its （） as written


def test_a_note_on_the_fingerprint_that_cannot_be_read_is_refused():
    """Its fingerprint would go uncompared: before the twentieth session a line starting ＃ was refused as no key."""
    public, text = county_file()
    for note in (f"＃ 指纹 {WRONG}", f"# 指纹是 {WRONG}", f"﹟ 指纹：{WRONG}".replace("：", "=")):
        with pytest.raises(BundleError, match=r"不是县级公钥文件写指纹的那一行"):
            county_key.parse_county_keys(text.replace(f"# 指纹：{public.fingerprint}", note), "粘贴的文字")

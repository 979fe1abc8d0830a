"""Names with rare characters print as written: 李䶮 (U+4DAE, CJK Ext-A), which WenQuanYi Micro Hei (the 黑体 stand-in)
lacks, and 𠮷祥 (U+20BB7, Ext-B, beyond the BMP), which the official GBK fonts lack. A character the run's font lacks
is set in an embedded font that has it, measured in that font; one no font has is said once, not printed blank
silently; and the PDF's text gives 𠮷 back as 𠮷, not "₻"."""

from __future__ import annotations

import shutil
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from test_documents_pasted_text import missing_glyphs

from fazhi_desktop.core.documents import build_document, build_register_document, render_document, tounicode
from fazhi_desktop.core.documents import fonts as font_module
from fazhi_desktop.core.documents.fonts import resolve_fonts, take_notice
from fazhi_desktop.core.documents.layout import Document, Page, Style, Typesetter
from fazhi_desktop.core.documents.tounicode import to_unicode_cmap

WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf")
MICROHEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_fonts = pytest.mark.skipif(not (WENKAI.exists() and MICROHEI.exists()),
                                 reason="fonts-lxgw-wenkai and fonts-wqy-microhei are installed by .ci/setup")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by .ci/setup")
HEADING = "听取李䶮同志关于安全生产大检查情况的汇报"
NOWHERE = "\U0003134a"  # the last CJK Ext-G character: no font on the test machine has it


@pytest.fixture(scope="module")
def two_fonts_folder(tmp_path_factory) -> Path:
    """The font files of `two_fonts`, copied once for the module (no test writes into it): each font is then read
    once, not for each test (half a second each)."""
    folder = tmp_path_factory.mktemp("two-fonts")
    shutil.copy(WENKAI, folder / WENKAI.name)
    shutil.copy(MICROHEI, folder / MICROHEI.name)
    return folder


@pytest.fixture(scope="module")
def spare_only_folder(tmp_path_factory) -> Path:
    """The font files of `spare_only`, copied once for the module, as `two_fonts_folder`."""
    folder = tmp_path_factory.mktemp("spare-only")
    shutil.copy(MICROHEI, folder / MICROHEI.name)
    shutil.copy(WENKAI, folder / "simsunb.ttf")
    return folder


@pytest.fixture
def two_fonts(two_fonts_folder) -> font_module.FontSet:
    """What the auditor's machine has for 黑体 and 仿宋: WenQuanYi Micro Hei (no 䶮) and LXGW WenKai (䶮 and 𠮷)."""
    return resolve_fonts([two_fonts_folder])


@pytest.fixture
def spare_only(spare_only_folder) -> font_module.FontSet:
    """A machine whose only Chinese font, for every role, lacks 䶮 and 𠮷 (WenQuanYi Micro Hei), with a font that has
    them under the file name of Windows' SimSun-ExtB (simsunb.ttf), which no role prints in."""
    return resolve_fonts([spare_only_folder])


def printed(doc: Document) -> str:
    """All the text, the pieces of a line set in another font joined up again."""
    return doc.text().replace("\n", "")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout.replace("\n", "")


@needs_fonts
def test_a_rare_character_in_a_heading_is_set_in_a_font_that_has_it(store, valid_record, two_fonts):
    assert ord("䶮") not in pdfmetrics.getFont(two_fonts["heiti"]).face.charToGlyph  # the stand-in lacks it
    record = store.save("meeting", valid_record("meeting", agenda_items=[{"title": HEADING, "presenter": "李䶮"}]),
                        "杨芳")
    doc = build_document(store, record, "minutes", fonts=two_fonts)
    assert missing_glyphs(doc) == set()
    runs = [run for page in doc.pages for run in page.texts()]
    line = [run for run in runs if abs(run.y - next(r.y for r in runs if r.text.startswith("一、"))) < 0.1]
    assert "".join(run.text for run in line) == f"一、{HEADING}"
    assert [run.text for run in line] == ["一、听取李", "䶮", "同志关于安全生产大检查情况的汇报"]
    assert line[1].font == two_fonts["fangsong"] and line[0].font == line[2].font == two_fonts["heiti"]
    ts = Typesetter(two_fonts)  # each piece starts where the one before ends: measured in the font it is drawn in
    for before, after in pairwise(line):
        assert after.x == pytest.approx(before.x + ts.advance(before.text, before.font, 16)
                                          + before.char_space * len(before.text))


@needs_fonts
@pytest.mark.parametrize("kind", ["minutes", "record", "signin"])
def test_no_meeting_document_prints_a_rare_name_blank(store, valid_record, spare_only, kind):
    assert {choice.family for choice in spare_only.choices.values()} == {"WenQuanYi Micro Hei"}
    data = valid_record("meeting", host="李䶮", recorder="𠮷祥", attendees=["马志刚", "李䶮", "𠮷祥"],
                        agenda_items=[{"title": HEADING, "discussion": "一、由𠮷祥同志牵头。"}])
    doc = build_document(store, store.save("meeting", data, "杨芳"), kind, fonts=spare_only)
    assert missing_glyphs(doc) == set()
    assert "李䶮" in printed(doc) and "𠮷祥" in printed(doc)
    assert [c.path.name for c in spare_only.every_choice() if c.role == "spare"] == ["simsunb.ttf"]  # for the GUI


@needs_fonts
def test_an_agreement_and_a_register_print_a_rare_name_too(store, valid_record, spare_only, monkeypatch):
    parties = [{"role": "申请人", "party_type": "自然人", "name": "李䶮"},
               {"role": "被申请人", "party_type": "自然人", "name": "𠮷祥"}]
    case = store.save("mediation_case", valid_record("mediation_case", case_name="李䶮与𠮷祥相邻关系纠纷",
                                                     parties=parties, result="调解成功", agreement_form="书面",
                                                     agreement_content="𠮷祥于7月31日前拆除围墙。"), "杨芳")
    agreement = build_document(store, case, "agreement", fonts=spare_only)
    assert missing_glyphs(agreement) == set() and "𠮷祥于7月31日前拆除围墙" in printed(agreement)
    monkeypatch.setattr("fazhi_desktop.core.documents.resolve_fonts", lambda: spare_only)
    register = build_register_document(store, "mediation_case", 2026)
    assert missing_glyphs(register) == set() and "李䶮与𠮷祥相邻关系纠纷" in printed(register)


@needs_fonts
def test_a_character_no_font_has_is_said_once_instead_of_printed_blank_silently(store, valid_record, two_fonts,
                                                                                 fonts_not_yet_told):
    take_notice(two_fonts)  # the substitution notice, said already
    record = store.save("meeting", valid_record("meeting", attendees=["马志刚", f"李{NOWHERE}"]), "杨芳")
    build_document(store, record, "minutes", fonts=two_fonts)
    said = take_notice(two_fonts)
    assert said and f"“{NOWHERE}”" in said and "空白" in said and "fonts 文件夹" in said
    build_document(store, record, "signin", fonts=two_fonts)
    assert take_notice(two_fonts) is None  # once


@needs_fonts
def test_ordinary_text_is_drawn_in_one_run_per_style(two_fonts):
    """The fallback costs nothing where no character is missing: one run, in the role's own font."""
    page, heading = Page(595, 842), "一、研究部署2026年度法治政府建设工作"
    Typesetter(two_fonts).draw_text(page, heading, Style("heiti", 16), 0, 100)
    assert [(run.text, run.font) for run in page.texts()] == [(heading, two_fonts["heiti"])]


@needs_poppler
@pytest.mark.parametrize("kind", ["minutes", "record", "signin"])
def test_a_name_beyond_the_bmp_reads_back_from_the_pdf_as_written(store, valid_record, tmp_path, kind):
    data = valid_record("meeting", recorder="𠮷祥", attendees=["马志刚", "𠮷祥"],
                        agenda_items=[{"title": "研究安全生产工作", "discussion": "由𠮷祥同志牵头。"}])
    record = store.save("meeting", data, "杨芳")
    text = pdf_text(render_document(store, record.id, kind, tmp_path / f"{kind}.pdf").path)
    assert "𠮷祥" in text and "₻" not in text  # was "₻祥": the map held 20BB7 as if 20BB


def test_the_text_map_is_reportlabs_own_for_ordinary_characters_and_utf16_beyond():
    subset = [0, 32, *map(ord, "法治台账，。（）《》0123456789")]
    assert to_unicode_cmap("AAAAAA+Font", subset) == tounicode.REPORTLAB_CMAP("AAAAAA+Font", subset)
    assert "<02> <D842DFB7>" in to_unicode_cmap("AAAAAA+Font", [0, 32, 0x20BB7])

"""A register's page footers named it 海城镇司法所 会议台账（2026年） under the title 海城镇司法所2026年会议台账, and
核验打印件 named a page by the title: one register, two names, on pages bound for the archive. Each page's footer
now names it as its title does."""

from __future__ import annotations

from fazhi_desktop.core.documents import build_register_document
from fazhi_desktop.core.documents.register_codes import register_title


def test_every_pages_footer_names_the_register_as_its_title(store, valid_record):
    for day in range(1, 29):
        store.save("meeting", valid_record("meeting", title=f"2026年第{day}次镇政府常务会议",
                                           held_on=f"2026-{day % 12 + 1:02}-{day:02}"), "杨芳")
    doc = build_register_document(store, "meeting", 2026)
    title = register_title(store, "meeting", 2026)
    assert title == "海城镇司法所2026年会议台账"
    assert len(doc.pages) > 1
    for page in doc.pages:
        runs = [run.text for run in page.texts()]
        assert title in runs, runs[-8:]
        assert not any("台账（2026年）" in run for run in runs)

"""A full register page takes its room from short values before the main text goes narrow: a year of lectures with a
30-character 学习内容 printed it four characters a line over eight pages, beside a 主讲人 kept at nine characters and
a 主持人 at full width; a mediation register's 案件名称 fell below the ten characters a line README promises."""

from __future__ import annotations

from test_documents_register import column_lines, column_widths

from fazhi_desktop.core.documents import build_register_document

TOPIC = "学习《中华人民共和国行政复议法》及乡镇行政执法常见问题"


def lectures(store, valid_record, count: int, speaker: str) -> None:
    for day in range(1, count + 1):
        store.save("law_study", valid_record(
            "law_study", activity_type="专题法治讲座", held_on=f"2026-{day % 12 + 1:02}-{day % 28 + 1:02}",
            topic=TOPIC, speaker=speaker, host="欧阳司马诸葛"), "杨芳")


def test_a_year_of_lectures_keeps_its_topic_readable_and_its_pages_few(store, valid_record):
    lectures(store, valid_record, 30, "县委党校马晓明老师")
    doc = build_register_document(store, "law_study", 2026)
    topic = column_lines(doc, "学习内容")
    assert len(doc.pages) <= 4, column_widths(doc)  # eight, the topic four characters a line
    assert topic[:4] == ["学习《中华人民共和国", "行政复议法》及乡镇行", "政执法常见问题", TOPIC[:10]], topic[:4]
    speaker = column_lines(doc, "主讲人")
    assert speaker[:2] == ["县委党校马晓明", "老师"], speaker[:2]  # a single name no wider than eight characters
    assert "欧阳司马诸葛" in column_lines(doc, "主持人")  # a name still whole
    numbers = [r.text for page in doc.pages for r in page.texts() if r.text.startswith("〔2026〕")]
    assert len(numbers) == 30  # each 编号 whole on its line


def test_a_name_longer_than_its_column_breaks_after_its_dot(store, valid_record):
    lectures(store, valid_record, 3, "阿卜杜热合曼·买买提艾力")
    speaker = column_lines(build_register_document(store, "law_study", 2026), "主讲人")
    assert speaker[:2] == ["阿卜杜热合曼·", "买买提艾力"], speaker[:2]


def test_the_case_name_keeps_ten_characters_a_line_beside_four_mediators(store, valid_record):
    two = [{"role": "申请人", "party_type": "自然人", "name": "杨桂兰"},
           {"role": "被申请人", "party_type": "自然人", "name": "马玉梅"}]
    for month in range(1, 13):
        store.save("mediation_case", valid_record(
            "mediation_case", mediators=["苏燕", "马秀兰"], parties=two, case_name="杨桂兰与马玉梅山林土地纠纷",
            accepted_on=f"2026-{month:02}-10", closed_on=f"2026-{month:02}-20", dispute_type="拖欠农民工工资纠纷",
            result="调解不成功(终止)", termination_reason="一方拒绝调解"), "杨芳")
    store.save("mediation_case", valid_record("mediation_case", mediators=["虎小平", "苏燕", "马秀兰", "欧阳司马诸葛"]),
               "杨芳")
    lines = column_lines(build_register_document(store, "mediation_case", 2026), "案件名称")
    assert lines[:2] == ["杨桂兰与马玉梅山林土", "地纠纷"], lines[:4]  # nine characters a line, or four

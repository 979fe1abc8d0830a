"""The people picker offers who was in post on the record's date (twenty-third session, a handover played as users):
it offered everyone in use as well, so a June record was offered the 镇长 who came in July, and 田玉春 both as the
镇长 he was then and as the 镇人大主席 he became."""

from __future__ import annotations

from test_editor import office, open_window, typed

from fazhi_desktop.core.people import add_person, set_active

__all__ = ["office"]  # the fixture, shared with test_editor


def test_a_record_is_offered_the_people_in_post_on_its_date(qtbot, office, dialogs):
    old = add_person(office, "管理员", "田玉春", title="镇长", joined_on="2021-03-01")
    set_active(office, old.id, False, "管理员", left_on="2025-07-15")
    add_person(office, "管理员", "田玉春", title="镇人大主席", joined_on="2025-07-15")
    add_person(office, "管理员", "王建军", title="镇长", joined_on="2025-07-16")
    editor = open_window(qtbot, office, "law_study", dialogs).editor
    model = editor.field_widget("participants").completer.model()

    def offered() -> list[str]:
        return [model.index(row, 0).data() for row in range(model.rowCount())]

    typed(qtbot, editor, "held_on", "2025-06-10")
    june = offered()
    assert "田玉春（镇长，2025-07-15离任）" in june and "马明（乡长）" in june  # no dates: in post while in use
    assert "王建军（镇长）" not in june and "田玉春（镇人大主席）" not in june  # were offered: in use today
    typed(qtbot, editor, "held_on", "2025-09-08")
    september = offered()
    assert "王建军（镇长）" in september and "田玉春（镇人大主席）" in september
    assert not any("离任" in text for text in september)

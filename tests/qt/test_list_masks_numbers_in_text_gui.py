"""A complaint's 投诉事项 typed as `马某（13995120316）反映占道经营` showed the phone number in the ledger's list, in
its tooltip and in 批量审核, where the 联系方式 column beside it showed 139****0316: the list masks a number typed
into a text as in its own field now; the editor still shows what was typed."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fazhi_desktop.qt.display import cell_text
from fazhi_desktop.qt.main_window import create_main_window

PHONE = "13995120316"


def test_the_list_masks_a_phone_typed_into_a_title(qtbot, store, dialogs, ui_settings, valid_record):
    record = store.save("complaint", valid_record("complaint", matter=f"马某（{PHONE}）反映占道经营暂扣物品未开清单",
                                                  remarks=f"身份证号64052219850312009X，电话{PHONE}"), "杨芳")
    window = create_main_window(store, dialogs, ui_settings, "杨芳")
    qtbot.addWidget(window)
    window.show()
    window.show_page("complaint")
    model = window.pages["complaint"].model
    column = model.columns.index("matter")
    shown = model.data(model.index(0, column))
    tip = model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole)
    assert shown == "马某（139****0316）反映占道经营暂扣物品未开清单" and PHONE not in (tip or "")
    assert cell_text(store.ledger("complaint"), record, "remarks") == "身份证号640522********009X，电话139****0316"
    assert store.get(record.id).values["matter"].startswith(f"马某（{PHONE}）")  # stored as typed

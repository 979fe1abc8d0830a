"""`refuse = true` on an `excluded` check crashed form loading with a raw KeyError (its values were looked up as
fields); on a check that is only information (`latest_row`) it is now a form error naming the kind."""
import shutil
from datetime import date

import pytest

from fazhi_desktop.core.forms import FormError, forms_dir, load_forms
from fazhi_desktop.core.validate import Lookups, clean_record, refuse_at_save

EXCLUDED = 'applies_when = { field = "agreement_form", equals = "口头" }'
LATEST = 'by = "visited_on"'
REFUSED = "口头协议没有协议书，不能申请司法确认，不能保存：请改正司法确认或协议形式"


def forms_with(tmp_path, after: str):
    forms = tmp_path / "forms"
    shutil.copytree(forms_dir(), forms)
    path = forms / "mediation_case.toml"
    shipped = path.read_text(encoding="utf-8")
    assert shipped.count(after) == 1
    path.write_text(shipped.replace(after, after + "\nrefuse = true"), encoding="utf-8")
    return forms


def refused(ledger, data, stored=None):
    cleaned = clean_record(ledger, data, Lookups(today=lambda: date(2026, 12, 10)))
    return [(p.path, p.message) for p in refuse_at_save(cleaned, stored).problems]


def test_refuse_on_an_excluded_check_refuses_the_save_naming_both_fields(tmp_path, valid_record):
    ledger = load_forms(forms_with(tmp_path, EXCLUDED))["mediation_case"]
    oral = valid_record("mediation_case", mediated_on="2026-03-20", result="调解成功", agreement_form="口头",
                        judicial_confirmation="已申请", confirmation_applied_on="2026-03-25")
    assert refused(ledger, oral) == [("judicial_confirmation", REFUSED)]
    # a 书面 case stored with 已申请, changed to 口头: the change of 协议形式 makes it
    written = {**oral, "agreement_form": "书面"}
    assert refused(ledger, written) == []
    stored = clean_record(ledger, written, Lookups(today=lambda: date(2026, 12, 10))).values
    assert refused(ledger, oral, stored) == [("judicial_confirmation", REFUSED)]


def test_refuse_on_a_latest_row_check_is_a_form_error(tmp_path):
    with pytest.raises(FormError, match="latest_row 核对只是提醒（记录可能没有错），不能写 refuse = true"):
        load_forms(forms_with(tmp_path, LATEST))

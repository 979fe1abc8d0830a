# ruff: noqa: F811  (pytest fixtures imported from tests/bundle_world.py)
"""The digits the mask hides are not found, a guess at a time, from what a 录入员 holds: the receipts on the stick
(plain JSON) carried the change-log entry hash, a function of the record's content and of what she sees of its
history; one edit between two receipts, and hashing each birthday of the year found the ID number."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from bundle_world import county_template, world  # noqa: F401  (fixtures)

from fazhi_desktop.core.bundle.receipts import ReceiptsNotAllWritten, import_receipt, write_receipts
from fazhi_desktop.core.identifiers import id_card_check_char as check_digit
from fazhi_desktop.core.ids import canonical_json, sha256_text
from fazhi_desktop.core.store import chain_hash

CARD = "640522197203150014"  # a 录入员 sees 640522********0014
ENTRY = ("seq", "ledger", "record_id", "revision", "op", "actor", "at", "reason")


def test_the_receipts_on_the_stick_do_not_tell_the_masked_birthday(world, valid_record):
    town = world.town()
    store = town.store
    party = {"role": "申请人", "party_type": "自然人", "name": "马某", "id_number": CARD, "phone": "13912344567"}
    case = store.save("mediation_case", valid_record("mediation_case", parties=[party]), "马丽")
    world.import_(world.export(town).path)
    first = write_receipts(world.county, world.keys, town.usb, [town.code])[0]
    import_receipt(store, first.path, "马丽")
    # she changes one thing she sees (the remarks) and the stick goes to the county and back
    values = dict(store.get(case.id).values)
    values["remarks"] = "已回访"
    store.save("mediation_case", values, "马丽", record_id=case.id, expected_revision=case.revision)
    world.import_(world.export(town).path)
    second = write_receipts(world.county, world.keys, town.usb, [town.code])[0]
    assert import_receipt(store, second.path, "马丽").advanced  # the township still checks it against its log
    # what she reads: the receipts, the record as the screen shows it, its history (修改历史: seq, who, when); and
    # more than she holds: the previous entry's hash, which the first receipt told
    on_stick = first.path.read_text("utf-8") + second.path.read_text("utf-8")
    row = store.conn.execute(f"SELECT {', '.join(ENTRY)}, prev_hash FROM changes ORDER BY seq DESC LIMIT 1").fetchone()
    entry = dict(zip(ENTRY, row[:-1], strict=True))
    ledger = store.ledger("mediation_case")
    record = store.get(case.id)
    found, tried = [], []
    day = date(1972, 1, 1)
    while day.year == 1972:  # the year: from the age, or 366 more guesses a year
        body = CARD[:6] + day.strftime("%Y%m%d") + CARD[14:17]
        guess = body + check_digit(body)
        if guess[-4:] == CARD[-4:]:
            tried.append(guess)
            seen = json.loads(json.dumps(record.values))
            seen["parties"][0]["id_number"] = guess
            content = {"ledger": ledger.name, "id": record.id, "township": record.township, "number": record.number,
                       "revision": record.revision, "status": record.status, "deleted": False,
                       "remarks": seen.get("remarks"), "values": ledger.content_values(seen)}
            hashed = sha256_text(canonical_json(content))
            if hashed in on_stick or chain_hash({**entry, "content_hash": hashed, "prev_hash": row[-1]}) in on_stick:
                found.append(guess)
        day += timedelta(days=1)
    assert CARD in tried
    assert found == [], f"the receipts told {found}"


def test_no_receipt_is_written_for_a_township_whose_print_key_the_county_does_not_hold(world, valid_record):
    """Bundles of a build before the print key travelled with them (none was released): the township could not
    check the receipt, so the county says what to do instead of writing one that would be refused there."""
    town = world.town()
    town.store.save("meeting", valid_record("meeting", title="专题会议"), "杨芳")
    world.import_(world.export(town).path)
    world.county.conn.execute("DELETE FROM settings WHERE key LIKE 'print_key.640522100.%'")
    with pytest.raises(ReceiptsNotAllWritten, match=r"县里没有海城镇（640522100）的打印核验密钥.*请乡镇用现在的程序"):
        write_receipts(world.county, world.keys, town.usb, [town.code])
    assert not list(town.usb.glob("fazhi-receipt-*"))

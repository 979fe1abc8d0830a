"""Backups made while the PC's clock ran ahead (named a year later than now) never push the real ones out of
rotation, are never offered as the newest, and do not stop the daily backup once the clock is put right."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

from fazhi_desktop.core.backup import create_backup, daily_backup_due, latest_backup, list_backups, load_settings
from fazhi_desktop.core.backup.config import changed_since_backup, save_settings
from fazhi_desktop.core.backup.rotation import backup_name

ACTOR = "马丽"
CODE = "640522100"


def ahead_files(folder, days=range(3, 11)):
    """What a week with the clock a year ahead left on the stick: one backup a day, 2028-01-03 to 2028-01-10."""
    folder.mkdir(exist_ok=True)
    made = [folder / backup_name("office", CODE, datetime(2028, 1, day, 17, 0)) for day in days]
    for path in made:
        path.write_bytes(b"made while the clock ran ahead")
    return made


def test_backups_named_a_year_ahead_push_no_real_backup_out_and_are_never_deleted(store, tmp_path, clock,
                                                                                  beijing_time):
    usb = tmp_path / "usb"
    ahead = ahead_files(usb)
    real = []
    for hour in (1, 4, 9):  # 2027-01-12 09:00, 12:00 and 17:00 in Beijing, the clock put right
        clock.set(datetime(2027, 1, 12, hour, 0, tzinfo=UTC))
        result = create_backup(store.path, usb, clock=clock)
        assert result.removed == 0
        real.append(result.path)
    assert all(path.exists() for path in real)  # before: only the last survived, each backup deleting one
    assert all(path.exists() for path in ahead)
    listed = [b.path for b in list_backups(usb, "office", clock=clock)]
    assert listed == [*reversed(real), *reversed(ahead)]  # the real ones first, newest first; the week ahead last
    assert latest_backup(usb, "office", clock=clock).path == real[-1]


def test_rotation_goes_on_among_the_real_backups_and_leaves_the_ones_named_ahead(store, tmp_path, clock,
                                                                               beijing_time):
    settings = load_settings(store.path)
    settings.keep_daily, settings.keep_weekly = 1, 0
    save_settings(store.path, settings)
    usb = tmp_path / "usb"
    ahead = ahead_files(usb, [3])
    made = []
    for day in range(12, 17):
        clock.set(datetime(2027, 1, day, 9, 0, tzinfo=UTC))
        made.append(create_backup(store.path, usb, clock=clock).path)
    assert [p.exists() for p in made] == [False, False, True, True, True]  # the newest three, as always
    assert ahead[0].exists()


def test_only_backups_named_ahead_are_still_offered(store, tmp_path, clock):
    usb = tmp_path / "usb"
    ahead = ahead_files(usb)
    clock.set(datetime(2027, 1, 12, 9, 0, tzinfo=UTC))
    assert latest_backup(usb, "office", clock=clock).path == ahead[-1]  # better than none to a damaged database
    clock.set(datetime(2028, 1, 20, 9, 0, tzinfo=UTC))  # the clock has caught up: ordinary backups again
    assert latest_backup(usb, "office", clock=clock).path == ahead[-1]


def test_the_daily_backup_is_due_after_a_backup_made_with_the_clock_a_year_ahead(store, tmp_path, clock,
                                                                                valid_record):
    clock.set(datetime(2028, 1, 10, 9, 0, tzinfo=UTC))
    create_backup(store.path, tmp_path / "usb", clock=clock)
    settings = load_settings(store.path)
    settings.last_source_mtime = time.time() + 365 * 86400  # the file was dated by the same clock
    save_settings(store.path, settings)
    clock.set(datetime(2027, 1, 12, 9, 0, tzinfo=UTC))
    store.save("meeting", valid_record("meeting"), ACTOR)
    os.utime(store.path)  # written now, as the clock that was put right says
    assert changed_since_backup(store.path)  # before: its time was earlier than the one the last backup copied
    assert daily_backup_due(store.path, clock())  # before: not until 2028-01-11
    assert not daily_backup_due(store.path, datetime(2028, 1, 10, 12, 0, tzinfo=UTC) + timedelta(hours=1))

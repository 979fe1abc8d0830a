"""What the county says of a township's roster that moved who was in post in a year it closed (T47's 应述法人数).

The import compares the rosters (core/bundle/roster_moves.py) and its report says it (`note`). The county keeps each
bundle's report with its import record (`bundles_received.report`), and 数据完整性's 需关注 reads the year's notes
back from there (`told`), so the move is still said once the reviewer has closed the report, as a reopening is.
The report keeps the moves as data (`roster_moved`: year -> the people, described), which `told` reads, so that
`note`'s wording may change; reports stored before it (by the sixteenth session's build) hold the note's text only,
found by its lead in the wording of then (`_LEAD_THEN`).
Here, not in core/bundle/, so that 数据完整性 does not load the bundle package.
"""

from __future__ import annotations

import json

from fazhi_desktop.core.display import clip
from fazhi_desktop.core.store import Store

#: the most columns of a name a note shows, and of one person's entry (a report stored before the names were cut)
NAME_WIDTH, ENTRY_WIDTH = 40, 200


def note(year: int, moved: list[str]) -> str:
    """The import report's note: "名册改动了2026年在任的人员（…）：马书记（到任日期 2027-01-05 → 2026-06-01）；…"."""
    entries = "；".join(clip(entry, ENTRY_WIDTH) for entry in moved)
    return f"名册改动了{year}年在任的人员（“领导干部述法”按名册计应述法人数）：{entries}；该年已评定的指标可能随之改变"


def told(store: Store, year: int) -> dict[str, list[str]]:
    """township -> the roster moves of `year` the reports of its imported bundles said, in the order they were
    imported, as 需关注 says them: "第 2 号数据包的名册改动了2026年在任的人员…". One scan of the import records'
    reports, two text searches in each (the data's key, the older note's lead): a county's few thousand, a few
    milliseconds."""
    lead = _LEAD_THEN.format(year=year)
    out: dict[str, list[str]] = {}
    for township, sequence, report in store.conn.execute(
            "SELECT township, sequence, report FROM bundles_received WHERE (report LIKE ? AND json_extract(report, ?)"
            " IS NOT NULL) OR instr(report, ?) > 0 ORDER BY imported_at, rowid",
            [f'%"{year}":[%', f'$.roster_moved."{year}"', lead]):  # canonical JSON (no spaces): parsed if it may be
        stored = json.loads(report)
        if "roster_moved" in stored:
            people = stored["roster_moved"].get(str(year))
            texts = [note(year, people)] if people else []
        else:  # stored before the moves were kept as data: the note's text
            texts = [text for text in stored.get("notes", ()) if text.startswith(lead)]
        out.setdefault(township, []).extend(f"第 {sequence} 号数据包的{text}" for text in texts)
    return {township: said for township, said in out.items() if said}


#: how the note began in reports stored before `roster_moved` (the sixteenth session's build): a stored format,
#: read by `told` only. Never reword it; reword `note`, whose text 需关注 now makes from the data.
_LEAD_THEN = "名册改动了{year}年在任的人员"

"""Time the 签到表's roster_on for a 200-person roster printed on 300 sign-in sheets."""
import sys, time, copy
from datetime import UTC, datetime
from pathlib import Path
sys.path.insert(0, "tests")
from conftest import _VALID, TOWNSHIP, OFFICE  # noqa
from fazhi_desktop.core.forms import load_forms
from fazhi_desktop.core.setup import init_database
from fazhi_desktop.core import people
from fazhi_desktop.core.documents.signin import _titles
from fazhi_desktop.core.documents import build_document
from fazhi_desktop.core.clock import system_clock

tmp = Path(sys.argv[1]); tmp.mkdir(exist_ok=True)
db = tmp / "office.db"
for p in tmp.glob("office*"): 
    import shutil; shutil.rmtree(p) if p.is_dir() else p.unlink()
store = init_database(db, TOWNSHIP, office=OFFICE, ledgers=load_forms())
names = [f"张{chr(0x4e00 + i)}{chr(0x4e00 + i * 7 % 500)}" for i in range(200)]
t = time.perf_counter()
added = [people.add_person(store, "杨芳", n, title="村委会主任") for n in names]
for p in added[:100]:  # half with edits in the log
    for k in range(5):
        people.update_person(store, p.id, "杨芳", p.name, title=f"职务{k}")
print("roster built", time.perf_counter() - t)
recs = []
for i in range(300):
    v = copy.deepcopy(_VALID["meeting"]); v["held_on"] = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}"
    v["title"] = f"会议{i}"; v["attendees"] = names[i % 150: i % 150 + 40]
    recs.append(store.save("meeting", v, "杨芳"))
t = time.perf_counter()
for r in recs:
    _titles(store, r)
print("_titles x300", time.perf_counter() - t)
t = time.perf_counter()
for r in recs[:30]:
    build_document(store, r, "signin")
print("build signin x30", time.perf_counter() - t)

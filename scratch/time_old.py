import sys, time
from pathlib import Path
from fazhi_desktop.core.store import Store
from fazhi_desktop.core.people import list_people, roster_on
store = Store.open(Path(sys.argv[1]) / "office.db")
t = time.perf_counter()
for _ in range(300):
    list_people(store)
print("list_people x300", time.perf_counter() - t)
t = time.perf_counter()
for _ in range(300):
    roster_on(store, "2026-03-05")
print("roster_on x300", time.perf_counter() - t)

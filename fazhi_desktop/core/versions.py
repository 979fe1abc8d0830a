"""Files of another version of the program: which side is behind, and what to install.

Over a rollout the county and the townships run different versions for weeks, and a PC reinstalled from an old
stick runs an older one again. Each file the program exchanges or keeps names its format (`fazhi-receipt/3`,
`fazhi-enrolment/1`, `fazhi-backup/1`) and, from this version on, the program version that wrote it (`app_version`,
as bundles already do in bag-info). A file of the same kind in another format is not "not a receipt": it is said
to come from a newer (or older) program, naming that program's version when the file carries it, so the person
knows which PC to upgrade to what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fazhi_desktop.core.paths import app_version

#: the key a receipt, an enrolment file and a backup's manifest name their program version with
PROGRAM_KEY = "app_version"


#: a program version as the package writes one (0.1.0, 0.10.2): ASCII digits and dots, short. int() alone took
#: "9.1.0\n\n", "９.1.0", "+9_9.0" or ten thousand characters of "9.0.0…" from a hand-edited enrolment file (signed by
#: nobody) as newer, and the refusal showed that text to the technician
_VERSION = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6}){0,4}")


#: a format's number (the 3 of fazhi-receipt/3)
_FORMAT_NUMBER = re.compile(r"[0-9]{1,6}")


def _parts(version: object) -> tuple[int, ...] | None:
    """The numbers of `version`, compared as numbers (0.10.0 after 0.9.0); None for "unknown", a version with
    letters or anything but a plain version (nothing to compare, and nothing to show)."""
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        return None
    return tuple(int(part) for part in version.split("."))


def newer_program(version: object) -> bool:
    """Whether `version` (0.2.0) is later than this program's; False when either cannot be compared."""
    theirs, ours = _parts(version), _parts(app_version())
    return theirs is not None and ours is not None and theirs > ours


@dataclass(frozen=True)
class OtherFormat:
    """A file of this kind in another format number: its number, the one this program reads, and the program
    version the file names (`PROGRAM_KEY`, anything a hand-edited file holds)."""

    number: int
    ours: int
    program: object

    @property
    def newer(self) -> bool:
        """Whether a later program wrote it (this one is behind), else an earlier one."""
        return self.number > self.ours

    @property
    def written_by(self) -> str:
        """"由 0.2.0 版程序写出，本程序是 0.1.0" (`written_by`)."""
        return written_by(self.program)

    @property
    def upgrade_to(self) -> str:
        """What to install, to follow 升级到 (`upgrade_to`)."""
        return upgrade_to(self.program)


def other_format(data: object, ours: str) -> OtherFormat | None:
    """`data` (a file's JSON) as a file of `ours`'s kind in another number ("fazhi-receipt/4" against
    "fazhi-receipt/3"): the one way a refused receipt, enrolment file or backup manifest tells which side upgrades.
    None when it is no such file (not a dict, another kind, a number that is no plain number) or the same format."""
    if not isinstance(data, dict):
        return None
    kind, _, own = ours.rpartition("/")
    found = data.get("format")
    if not isinstance(found, str) or not found.startswith(f"{kind}/") or found == ours:
        return None
    number = found.removeprefix(f"{kind}/")  # a few digits: 5,000 of them, typed into a file, were a traceback
    if not _FORMAT_NUMBER.fullmatch(number) or int(number) == int(own):
        return None
    return OtherFormat(int(number), int(own), data.get(PROGRAM_KEY))


def written_by(version: object, verb: str = "写出") -> str:
    """"由 0.2.0 版程序写出，本程序是 0.1.0" when the file names a program version later than this one, else
    "本程序是 0.1.0" (a test build of the same number wrote it: naming it would send nobody anywhere)."""
    ours = f"本程序是 {app_version()}"
    return f"由 {version} 版程序{verb}，{ours}" if newer_program(version) else ours


def upgrade_to(version: object) -> str:
    """What to install, to follow 升级到 directly: " 0.2.0 或更新的版本" when the file names a program version later
    than this one, else "较新的版本"."""
    return f" {version} 或更新的版本" if newer_program(version) else "较新的版本"

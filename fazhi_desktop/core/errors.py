"""Typed errors a user can act on. Messages are Chinese and name the field or file and the reason."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from types import TracebackType


class FazhiError(Exception):
    """Base of every error that is the user's or the data's, not the program's: shown, never a traceback."""


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field. `path` names nested values: `parties[2].id_number`."""

    path: str
    label: str
    message: str
    #: a warning that is information, not a doubt about what was typed (a record dated ahead counts from its day):
    #: nothing to correct before printing
    advisory: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        return f"{self.label}：{self.message}"


class ValidationError(FazhiError):
    """A record was refused; `problems` lists every field at fault, in form order. Nothing was saved."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("；".join(str(p) for p in problems))


class NotFound(FazhiError):
    pass


class Conflict(FazhiError):
    """The record changed since it was read (another window or process saved it first)."""


class SetupError(FazhiError):
    """The database is missing, not set up, or set up for something else."""


class NewerDatabase(SetupError):
    """The database comes from a newer version of the program (an older installer run again): refused untouched.
    Not damage: restoring a backup instead would lose what the newer version saved. `said`: what is newer in it."""

    def __init__(self, said: str, message: str):
        super().__init__(message)
        self.said = said


class PermissionDenied(FazhiError):
    """The logged-in user's role does not allow the action (core.permissions). Names the role, never the person."""


class LoginFailed(FazhiError):
    """A login was refused: unknown name, wrong password, locked or deactivated account. Never carries the password."""


class AccountStopped(LoginFailed):
    """The logged-in account was stopped (停用) by a 管理员 since it logged in, in another window or process: it
    acts no more (Store.check_account)."""


def where_it_failed(kind: type[BaseException], trace: TracebackType | None) -> str:
    """The stack and the error's type, without its message, for the log: a message can quote a value (a name, an ID
    number)."""
    return "".join(traceback.format_tb(trace)) + f"{kind.__module__}.{kind.__qualname__}"

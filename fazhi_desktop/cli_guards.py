"""What stands between a `fazhi` command and the user's terminal when the command cannot end normally.

- Standard output that cannot be written (`fazhi list … > E:\\x.csv` on a full stick, `> /dev/full`): said in
  Chinese, with the reason, and exit 1, never a traceback or a silently cut-off file with exit 0. Output is buffered,
  so a short one fails only when flushed: `cli.main` flushes it while it can still say so.
- A pipe whose reader left (`fazhi list … | head -1`): the command ends quietly, as Unix tools do.
- Ctrl-C: 已取消 on standard error, and what had already been done when the command knows it (bundles imported
  before the one being read, a backup file already complete), exit 130. Also while the program is still loading.

Only the standard library is imported here: `cli` uses this module before it loads anything else.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys

TYPE_CHECKING = False  # typing itself takes a few milliseconds to load, and a Ctrl-C may come in them
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, TextIO

EXIT_ERROR, EXIT_CANCELLED = 1, 130

#: what each running command has done so far, told when it is cancelled (see `on_cancel`)
_DONE_SO_FAR: list[Callable[[], str | None]] = []


class OutputFailed(Exception):
    """Writing standard output failed (not a closed pipe); `error` is the OSError."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


class StandardOutput:
    """sys.stdout while a command runs: a write or flush that fails is raised as OutputFailed, which `cli.main`
    tells apart from the command's own file errors; a closed pipe stays BrokenPipeError.

    Output sent to a file or a pipe is written through `_WholeWrites`: Python's own standard output reports a long
    write that the disk cut short as complete (BufferedWriter returns the short count, TextIOWrapper ignores it), so
    `fazhi list --format csv > E:\\x.csv` on a full stick ended with exit 0 and half a file."""

    def __init__(self, stream: TextIO):
        self.original = stream
        self.stream = _whole_writes(stream) or stream
        try:
            self.terminal = stream.isatty()
        except (AttributeError, ValueError, OSError):
            self.terminal = False

    def write(self, text: str) -> int:
        if self.terminal:  # a value holding ESC [31m or a right-to-left override would be run by the terminal
            text = text.translate(_TERMINAL_SAFE)
        with _failing_output():
            return self.stream.write(text)

    def flush(self) -> None:
        with _failing_output():
            self.stream.flush()

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, buffer, fileno …: the stream's own
        return getattr(self.stream, name)


class TerminalErrors:
    """sys.stderr while a command runs: on a terminal, control characters in what it says (a warning quoting a
    title, an error naming a file) are written as visible escapes too, as on standard output."""

    def __init__(self, stream: TextIO):
        self.original = stream
        try:
            self.terminal = stream.isatty()
        except (AttributeError, ValueError, OSError):
            self.terminal = False

    def write(self, text: str) -> int:
        return self.original.write(text.translate(_TERMINAL_SAFE) if self.terminal else text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)


#: control characters (other than tab and line feed) and direction overrides, written to a terminal as visible
#: escapes (\x1b, \u202e): a record's title can hold them (fazhi add of a JSON file), and a terminal acts on them
_TERMINAL_SAFE = {code: f"\\x{code:02x}" for code in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))}
_TERMINAL_SAFE.update({code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


class _WholeWrites(io.RawIOBase):
    """A file descriptor that writes all it is given or raises (os.write in a loop): no short write goes unseen."""

    def __init__(self, fd: int):
        super().__init__()
        self.fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            done += os.write(self.fd, view[done:])
        return done


def _whole_writes(stream: TextIO) -> TextIO | None:
    """`stream` again, over `_WholeWrites`, where it is a file or a pipe; None for a terminal (whose own writer
    handles the Windows console) or a stream without a file descriptor (a test's)."""
    try:
        if stream.isatty():
            return None
        fd = stream.fileno()
        stream.flush()
    except (OSError, ValueError, AttributeError):
        return None
    return io.TextIOWrapper(io.BufferedWriter(_WholeWrites(fd)), encoding=stream.encoding,  # type: ignore[return-value]
                            errors=stream.errors, line_buffering=stream.line_buffering)


@contextlib.contextmanager
def _failing_output() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputFailed(exc) from None


def output_failed(failure: OutputFailed) -> int:
    """Say why standard output could not be written (磁盘空间不足 …) and that what was written is incomplete."""
    from fazhi_desktop.core import failures

    exc = failure.error
    cls = failures.os_failure_class(exc)
    where = _output_file()
    print(f"错误：无法写出结果（标准输出{f'，{where}' if where else ''}）：{failures.write_reason(exc)}，"
          f"已写出的内容不完整。{cls.way_out}", file=sys.stderr)
    _discard_output()
    return EXIT_ERROR


def pipe_closed() -> int:
    """The reader of a pipe left (`| head -1`): not an error, nothing to say."""
    _discard_output()
    return 0


def _output_file() -> str | None:
    """The file standard output was sent to (`> E:\\x.csv`), where the system tells it (Linux), else None."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        target = os.readlink(f"/proc/self/fd/{sys.__stdout__.fileno()}")  # type: ignore[union-attr]
        if target.startswith("/") and not target.startswith("/dev/pts"):
            return target
    return None


def _discard_output() -> None:
    """What is still buffered for standard output would fail again when Python flushes it at exit (and print
    "Exception ignored … BrokenPipeError"): send it nowhere instead (Python's own advice, in the signal module's
    documentation)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno())  # type: ignore[union-attr]
        os.close(devnull)


def on_cancel(done_so_far: Callable[[], str | None]) -> None:
    """Have Ctrl-C tell what the command had done by then: `done_so_far()` returns a sentence, or None for nothing
    worth telling. Called again after the interruption, so it reads the state as it is then."""
    _DONE_SO_FAR.append(done_so_far)


def forget_cancel_notes() -> None:
    """A new command starts (tests run many in one process)."""
    _DONE_SO_FAR.clear()


def cancelled() -> int:
    """Ctrl-C: 已取消, and what was done before it, on standard error; exit status 130 as shells expect."""
    lines = []
    for describe in _DONE_SO_FAR:
        with contextlib.suppress(Exception, KeyboardInterrupt):  # a second Ctrl-C, a database gone: just 已取消
            said = describe()
            if said:
                lines.append(said)
    forget_cancel_notes()
    with contextlib.suppress(OSError):
        print("已取消" + (f"：{'；'.join(lines)}" if lines else ""), file=sys.stderr)
    return EXIT_CANCELLED


@contextlib.contextmanager
def starting() -> Iterator[None]:
    """Around loading the program's modules (about 0.1 s): Ctrl-C then is 已取消 and exit 130, not a traceback."""
    try:
        yield
    except KeyboardInterrupt:
        raise SystemExit(cancelled()) from None


def typed(prompt: str = "") -> str:
    """A line typed at the terminal. Ctrl-D (Ctrl-Z, Enter on Windows) gives up, as Ctrl-C does: 已取消 and exit
    130, not a traceback."""
    try:
        return input(prompt)
    except EOFError:
        print(file=sys.stderr)  # 已取消 on a line of its own, not after the prompt
        raise KeyboardInterrupt from None


def secret(prompt: str) -> str:
    """A password or passphrase typed unseen; Ctrl-D as in `typed`."""
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        print(file=sys.stderr)
        raise KeyboardInterrupt from None

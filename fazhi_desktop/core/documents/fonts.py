"""The one font resolver for printed documents.

GB/T 9704 asks for 仿宋 (body), 黑体 (level-1 headings), 楷体 (level-2 headings), 小标宋 (titles) and 宋体 (page
numbers). Chinese Windows has simfang/simhei/simkai/simsun; 小标宋 is installed separately (方正小标宋). When a
role's official font is missing, the closest TrueType font found stands in (LXGW WenKai, WenQuanYi Micro Hei...)
and `FontSet.notice()` says so, once, in Chinese. Only TrueType outlines are used, because reportlab embeds only
those (CFF fonts such as Noto CJK are skipped) and every PDF must carry its fonts. Each file is registered with
reportlab once per process.

A character the font of its role lacks (䶮 of 李䶮 in WenQuanYi Micro Hei, 𠮷 of 𠮷祥 in 黑体: GBK fonts stop at
Ext-A) is set in another font that has it (`glyph_font`): the body font first, then the other roles' fonts, then
spare files found on the machine (SimSun-ExtB on Windows, Droid Sans Fallback...), registered when first needed.
Emoji and symbols (😀 ➢) are looked for last in SYMBOLS (Segoe UI Symbol/Emoji on Windows, DejaVu Sans on Linux). A
character no font here has is drawn as a blank of its width (not as the font's ☒ box), noted, and `take_notice` says
so once instead of printing a blank silently.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from fazhi_desktop.core import paths
from fazhi_desktop.core.documents import tounicode
from fazhi_desktop.core.errors import FazhiError

tounicode.install()  # every font registered here is embedded with a ToUnicode map that reads 𠮷 as 𠮷

#: role -> (Chinese name, official files (name, subfont index), best first)
OFFICIAL: dict[str, tuple[str, tuple[tuple[str, int], ...]]] = {
    "fangsong": ("仿宋", (("simfang.ttf", 0), ("仿宋_gb2312.ttf", 0), ("fs_gb2312.ttf", 0), ("fangsong_gb2312.ttf", 0),
                         ("方正仿宋_gbk.ttf", 0), ("fzfsk.ttf", 0), ("fzfsjw.ttf", 0), ("stfangso.ttf", 0))),
    "heiti": ("黑体", (("simhei.ttf", 0), ("方正黑体_gbk.ttf", 0), ("fzhtk.ttf", 0), ("fzhtjw.ttf", 0))),
    "kaiti": ("楷体", (("simkai.ttf", 0), ("楷体_gb2312.ttf", 0), ("kaiti_gb2312.ttf", 0), ("方正楷体_gbk.ttf", 0),
                      ("fzktk.ttf", 0), ("fzktjw.ttf", 0), ("stkaiti.ttf", 0))),
    "songti": ("宋体", (("simsun.ttc", 0), ("simsun.ttf", 0), ("方正书宋_gbk.ttf", 0), ("fzssk.ttf", 0),
                       ("stsong.ttf", 0))),
    "xiaobiaosong": ("小标宋", (("fzxbsjw.ttf", 0), ("方正小标宋简体.ttf", 0), ("fzxbsk.ttf", 0),
                               ("方正小标宋_gbk.ttf", 0), ("fzxiaobiaosong-b05s.ttf", 0))),
}
ROLES = tuple(OFFICIAL)
_WENKAI, _WENKAI_BOLD = ("lxgwwenkai-regular.ttf", 0), ("lxgwwenkai-bold.ttf", 0)
_MICROHEI, _ZENHEI = ("wqy-microhei.ttc", 0), ("wqy-zenhei.ttc", 0)
_UMING, _UKAI, _YAHEI = ("uming.ttc", 0), ("ukai.ttc", 0), ("msyh.ttc", 0)
_SIMFANG, _SIMHEI, _SIMKAI, _SIMSUN = ("simfang.ttf", 0), ("simhei.ttf", 0), ("simkai.ttf", 0), ("simsun.ttc", 0)
#: role -> stand-ins, closest look first (all TrueType; CFF fonts cannot be embedded by reportlab)
SUBSTITUTES: dict[str, tuple[tuple[str, int], ...]] = {
    "fangsong": (_WENKAI, _UKAI, _SIMKAI, _UMING, _SIMSUN, _YAHEI, _MICROHEI, _ZENHEI),
    "heiti": (_MICROHEI, _ZENHEI, _YAHEI, _WENKAI_BOLD, _WENKAI),
    "kaiti": (_WENKAI, _UKAI, _SIMFANG, _YAHEI, _MICROHEI, _ZENHEI),
    "songti": (_UMING, _WENKAI, _SIMFANG, _YAHEI, _MICROHEI, _ZENHEI),
    # 小标宋 is a heavy Song: on Windows without 方正小标宋, 黑体 is what offices use instead
    "xiaobiaosong": (_WENKAI_BOLD, _SIMHEI, _ZENHEI, _MICROHEI, _YAHEI, _SIMSUN, _UMING, _WENKAI),
}
#: fonts with the rare characters of names (CJK Ext-A/B) the role fonts may lack, tried after the roles' candidates:
#: SimSun-ExtB (and -ExtG on Windows 11) and MingLiU-ExtB come with Windows; Droid Sans Fallback, HanaMin on Linux
WIDE = (("simsunb.ttf", 0), ("simsunextg.ttf", 0), ("mingliub.ttc", 0), ("droidsansfallbackfull.ttf", 0),
        ("droidsansfallback.ttf", 0), ("hanamina.ttf", 0), ("hanaminb.ttf", 0))
#: fonts with outlines for emoji (😀 in a pasted 备注) and symbols (➢ ✓), tried last: Segoe UI Symbol and Segoe UI
#: Emoji come with Windows (TrueType outlines: reportlab embeds them, in black), DejaVu Sans with most Linux systems
SYMBOLS = (("seguisym.ttf", 0), ("seguiemj.ttf", 0), ("dejavusans.ttf", 0))
#: the role whose font a character a font lacks is looked for in first, then the others
_GLYPH_ORDER = ("fangsong", "songti", "kaiti", "heiti", "xiaobiaosong")
#: characters every candidate must have: a font without them is not a Chinese font
_PROBE = "法治台账会议纪要调解协议书，。、（）《》〔〕0123456789"
_FONT_SUFFIXES = (".ttf", ".ttc")


class FontError(FazhiError):
    """No usable Chinese TrueType font: documents cannot be made on this machine until one is installed."""


@dataclass(frozen=True)
class FontChoice:
    """The font a role is printed in: the registered reportlab name and enough for Qt to load the same file."""

    role: str
    wanted: str
    name: str
    path: Path
    subfont: int
    family: str
    style: str
    official: bool

    @property
    def display_name(self) -> str:
        """"LXGW WenKai Bold": the family, and the style unless it is the regular one."""
        return self.family if self.style.lower() in ("regular", "normal", "book", "") else f"{self.family} {self.style}"


@dataclass(frozen=True)
class FontSet:
    """One font per role. `fonts["fangsong"]` is the reportlab name to set text in.

    `spares` are other font files found, tried for a character the role fonts lack; `found` holds those used so
    far (the GUI loads them too) and `missing` the characters no font found has (for `take_notice`)."""

    choices: dict[str, FontChoice]
    spares: tuple[tuple[Path, int], ...] = ()
    found: dict[str, FontChoice] = field(default_factory=dict, compare=False)
    missing: set[str] = field(default_factory=set, compare=False)

    def __getitem__(self, role: str) -> str:
        return self.choices[role].name

    def choice(self, role: str) -> FontChoice:
        """Everything known about the font of `role` (file, family, whether it is the official one)."""
        return self.choices[role]

    def every_choice(self) -> list[FontChoice]:
        """The fonts text may be drawn in: each role's, and the spare fonts used so far for rare characters."""
        return [*self.choices.values(), *list(self.found.values())]

    @property
    def substitutions(self) -> list[FontChoice]:
        """Roles printed in a stand-in because the official font is not installed."""
        return [c for c in self.choices.values() if not c.official]

    def notice(self) -> str | None:
        """One Chinese sentence naming every substitution, or None when all official fonts are present."""
        subs = self.substitutions
        if not subs:
            return None
        pairs = "、".join(f"{c.wanted}→{c.display_name}" for c in subs)
        return (f"本机没有公文标准字体（{'、'.join(c.wanted for c in subs)}），已改用相近字体（{pairs}）并嵌入PDF；"
                "中文 Windows 自带仿宋、黑体、楷体、宋体，小标宋需另装方正小标宋。")


def missing_notice(chars: Iterable[str]) -> str:
    """The sentence that says which characters print blank because no font on this machine has them; one that
    shows nothing on screen either (a private-use code, U+F0A8 of a Word symbol) is named by its code point."""
    chars = sorted(chars)
    quoted = "、".join(char_said(ch) for ch in chars)
    rare = "Windows 的宋体-ExtB simsunb.ttf，或霞鹜文楷等"
    if not all(unicodedata.name(ch, "").startswith("CJK") for ch in chars):  # an emoji, a symbol
        rare = f"生僻字：{rare}；表情、符号：Windows 的 Segoe UI Symbol seguisym.ttf，或 DejaVu Sans"
    return (f"本机所有字体都没有{quoted}字的字形，打印件上这些字是空白，请手写补上；"
            f"如需打印，请安装含这些字的字体（{rare}），"
            f"或把字体文件（.ttf/.ttc）放到{own_fonts_said()}，再重新打印。")


def char_said(ch: str) -> str:
    """“😀” for a character a user can see on screen, “U+F0A8” for one she cannot (private-use, unassigned, format)."""
    if unicodedata.category(ch) in ("Co", "Cn", "Cf", "Cc", "Cs", "Zs", "Zl", "Zp"):
        return f"“U+{ord(ch):04X}”"
    return f"“{ch}”"


def own_fonts_said() -> str:
    """The folder of fonts a user adds herself, said: the user's own, which needs no administrator (the program's
    folder, under Program Files on Windows, does) and which an upgrade leaves alone."""
    return f" {paths.data_dir() / 'fonts'} 文件夹（没有就新建一个）"


_lock = threading.Lock()
_registered: dict[tuple[str, int], str] = {}
_rejected: set[tuple[str, int]] = set()
_not_chinese: set[tuple[str, int]] = set()  # readable, but without the common characters: a spare at most
_default: FontSet | None = None
_notice_given = False
_missing_told: set[str] = set()


def font_dirs() -> list[Path]:
    """Where fonts are looked for, in order: FAZHI_FONT_DIRS, the user's and the program's `fonts` folders, then
    the system's font folders (Windows, fontconfig's usual paths, macOS). Missing folders are skipped."""
    dirs = [Path(p) for p in os.environ.get("FAZHI_FONT_DIRS", "").split(os.pathsep) if p]
    dirs += [paths.data_dir() / "fonts", paths.resource("fonts")]
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [home / ".local" / "share" / "fonts", home / ".fonts", Path("/usr/local/share/fonts"),
             Path("/usr/share/fonts"), home / "Library" / "Fonts", Path("/Library/Fonts"),
             Path("/System/Library/Fonts")]
    return dirs


def index_fonts(dirs: Iterable[Path]) -> dict[str, Path]:
    """Font files under `dirs` by lower-case file name; the first folder that has a name wins."""
    found: dict[str, Path] = {}
    for directory in dirs:
        if not directory.is_dir():
            continue
        for root, _subdirs, files in os.walk(directory):
            for name in files:
                if name.lower().endswith(_FONT_SUFFIXES):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


def _register(path: Path, subfont: int, chinese: bool = True) -> str | None:
    """The reportlab name of a usable font file (registered on first use), or None for CFF fonts and, when
    `chinese`, fonts without the common Chinese characters (a spare such as SimSun-ExtB has only rare ones)."""
    key = (str(path), subfont)
    if key in _registered:
        return _registered[key]
    if key in _rejected or (chinese and key in _not_chinese):
        return None
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:6]  # two files may share a stem
    name = f"fz-{path.stem.lower()}-{subfont}-{digest}"
    try:
        font = TTFont(name, str(path), subfontIndex=subfont)
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        _rejected.add(key)  # CFF outlines ("postscript outlines are not supported"), damaged or unreadable
        return None
    if chinese and any(ord(ch) not in font.face.charToGlyph for ch in _PROBE):
        _not_chinese.add(key)
        return None
    pdfmetrics.registerFont(font)
    _registered[key] = name
    return name


def _choice(role: str, name: str, path: Path, subfont: int, official: bool) -> FontChoice:
    """What is known of a registered font, as the role `role` prints in it."""
    face = pdfmetrics.getFont(name).face
    wanted = OFFICIAL[role][0] if role in OFFICIAL else ""
    return FontChoice(role, wanted, name, path, subfont, _text(face.familyName) or path.stem,
                      _text(getattr(face, "styleName", b"")) or "Regular", official)


def _choose(role: str, files: dict[str, Path]) -> FontChoice | None:
    _wanted, official = OFFICIAL[role]
    for is_official, candidates in ((True, official), (False, SUBSTITUTES[role])):
        for file_name, subfont in candidates:
            path = files.get(file_name)
            if path is None:
                continue
            name = _register(path, subfont)
            if name is not None:
                return _choice(role, name, path, subfont, is_official)
    return None


def _spares(files: dict[str, Path], choices: dict[str, FontChoice]) -> tuple[tuple[Path, int], ...]:
    """The known font files found that no role prints in, best first: other roles' candidates, WIDE, SYMBOLS."""
    chosen = {(c.path, c.subfont) for c in choices.values()}
    known = [pair for role in ROLES for pair in OFFICIAL[role][1]]
    known += [pair for role in ROLES for pair in SUBSTITUTES[role]] + list(WIDE) + list(SYMBOLS)
    out: list[tuple[Path, int]] = []
    for file_name, subfont in known:
        path = files.get(file_name)
        if path is not None and (path, subfont) not in chosen and (path, subfont) not in out:
            out.append((path, subfont))
    return tuple(out)


def glyph_font(fonts: FontSet, ch: str, noted: bool = True) -> str | None:
    """The registered name of a font that has a glyph for `ch`: a role's font (the body's first), else a spare
    file (registered now if need be). None when none has it: `ch` is then noted in `fonts.missing`, which the next
    print's notice names (`take_notice`), unless not `noted` (asked at a save, core/unprintable.py: of no paper)."""
    code = ord(ch)
    for role in _GLYPH_ORDER:
        name = fonts[role]
        if code in pdfmetrics.getFont(name).face.charToGlyph:
            return name
    with _lock:
        for choice in fonts.found.values():
            if code in pdfmetrics.getFont(choice.name).face.charToGlyph:
                return choice.name
        for path, subfont in fonts.spares:
            name = _register(path, subfont, chinese=False)
            if name is not None and code in pdfmetrics.getFont(name).face.charToGlyph:
                fonts.found.setdefault(name, _choice("spare", name, path, subfont, True))
                return name
        if noted:
            fonts.missing.add(ch)
    return None


def _any_cjk(files: dict[str, Path]) -> tuple[Path, int] | None:
    """Any other Chinese TrueType font found (a county's PC may have one we do not know by name)."""
    for path in files.values():
        if _register(path, 0) is not None:
            return path, 0
    return None


def _text(value: bytes | str | None) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value or ""


def resolve_fonts(dirs: Sequence[Path] | None = None) -> FontSet:
    """The font of every role: the official one when installed, else the closest stand-in.

    With no `dirs`, the machine's folders are searched once per process and the result is reused.
    Raises FontError when no Chinese TrueType font exists at all.
    """
    global _default
    with _lock:
        if dirs is None and _default is not None:
            return _default
        files = index_fonts(font_dirs() if dirs is None else dirs)
        choices: dict[str, FontChoice] = {}
        for role in ROLES:
            chosen = _choose(role, files)
            if chosen is None:
                fallback = _any_cjk(files)
                if fallback is None:
                    raise FontError(
                        "本机没有可嵌入PDF的中文 TrueType 字体，无法生成打印文件。请安装仿宋、黑体等字体"
                        "（Windows 自带；Linux 可安装 fonts-lxgw-wenkai 或 fonts-wqy-microhei），"
                        f"或把字体文件（.ttf/.ttc）放到{own_fonts_said()}。"
                    )
                path, subfont = fallback
                chosen = _choice(role, _registered[(str(path), subfont)], path, subfont, False)
            choices[role] = chosen
        fonts = FontSet(choices, _spares(files, choices))
        if dirs is None:
            _default = fonts
        return fonts


def take_notice(fonts: FontSet) -> str | None:
    """What the user should be told about fonts, once in this process: the substitution notice the first time it
    is asked for, and characters no font has (printed blank) the first time each is met; else None."""
    global _notice_given
    with _lock:
        said = []
        if not _notice_given:
            text = fonts.notice()
            if text:
                _notice_given = True
                said.append(text)
        new = fonts.missing - _missing_told
        if new:
            _missing_told.update(new)
            said.append(missing_notice(new))
        return "\n\n".join(said) or None

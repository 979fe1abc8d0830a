"""How values read to a person (core/display.py)."""

from __future__ import annotations

from fazhi_desktop.core.display import size_text


def test_sizes_read_as_a_clerk_expects():
    assert [size_text(n) for n in (0, 512, 85 * 1024, int(12.3 * 1024**2), 3 * 1024**3 // 2)] == [
        "0 字节", "512 字节", "85 KB", "12.3 MB", "1.5 GB"]

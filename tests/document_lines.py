"""A built document's text as drawn, line by line, for tests to read what a page says."""

from __future__ import annotations

from fazhi_desktop.core.documents.layout import Document


def minutes_lines(doc: Document) -> list[str]:
    """The text of each page as drawn, top to bottom: the runs on one baseline joined into a line."""
    out = []
    for page in doc.pages:
        rows: dict[float, list[str]] = {}
        for run in page.texts():
            rows.setdefault(round(run.y, 1), []).append(run.text)
        out += ["".join(parts) for _, parts in sorted(rows.items())]
    return out

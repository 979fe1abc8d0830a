"""Bundles from township to county: signed (minisign format, Ed25519), encrypted (age), BagIt inside one tar.

    common.py    what the modules share: BundleError, size limits, key-file places, atomic writes
    keys.py      township signing key, county age identity and receipt key, enrolment, revocation
    county_key.py the county's public keys at a township: read, checked against the fingerprint, replaced
    collect.py   what the next bundle carries (incremental since the last receipt, or full)
    export.py    writing a bundle atomically
    unpack.py    decrypting and extracting safely (paths, types, sizes)
    verify.py    signature, manifests, bag-info
    records.py   the contents: change-log segment, records (clean_record), roster, attachments
    apply.py     applying a verified bundle in one transaction; the per-bundle report
    import_report.py  the report of a whole stick's import, in sections a reviewer acts on
    conflicts.py same revision, other content: kept aside at import, settled by a 所长 or 管理员 (county)
    lost.py      records the county holds that a township no longer has (after it restored a backup): set aside
    receipts.py  signed receipts, county -> township
    reentry.py   补录 at a township of a record a receipt named, under its printed number as the county's record
    exchanges.py what was sent and confirmed (township) or received (county), for 数据包记录 and `fazhi bundles`
    minisign.py, bag.py   the two standard formats, written and parsed

docs/BUNDLES.md describes the format and how to check a bundle by hand with minisign, age and bagit.py.
"""

from fazhi_desktop.core.bundle.apply import ImportReport, bundle_files, import_bundle, import_bundles
from fazhi_desktop.core.bundle.common import BundleError
from fazhi_desktop.core.bundle.export import ExportPlan, ExportResult, export_bundle, plan_export
from fazhi_desktop.core.bundle.receipts import import_receipt, write_receipts

__all__ = [
    "BundleError", "ExportPlan", "ExportResult", "ImportReport", "bundle_files", "export_bundle", "import_bundle",
    "import_bundles", "import_receipt", "plan_export", "write_receipts",
]

"""A file uploaded in the app, run through the same ingest as the command line.

Checks, in order: the size (an explicit cap, whatever the web server allows), then the type by content
(``loaders.sniff``: an image renamed ``.csv`` is refused, an IATI file saved as ``.txt`` is read). The file is
recorded under ``upload/<cleaned name>``, so the same file uploaded twice is recognised by the ingest (same
name, same checksum) and changes nothing.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dashboard.errors import DashboardError
from dashboard.ingest import IngestSummary, ingest_paths
from dashboard.loaders.sniff import sniff
from dashboard.model.roles import AccessConfig, Identity, load_access, require_role

UPLOAD_MAX_MB = 50
UPLOAD_MAX_BYTES = UPLOAD_MAX_MB * 1024 * 1024
UPLOAD_PREFIX = "upload"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class UploadRejected(DashboardError):
    """An upload refused before the ingest (too large, empty, or not a type the dashboard reads)."""


@dataclass(frozen=True)
class UploadOutcome:
    name: str  # as recorded in the store's sources
    kind: str
    summary: IngestSummary


def upload_name(filename: str) -> str:
    """The name an upload is recorded under: ``upload/`` plus the base name, reduced to safe characters."""
    base = Path(filename.replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip("._") or "file"
    return f"{UPLOAD_PREFIX}/{cleaned[:100]}"


def check_size(filename: str, size: int, max_bytes: int = UPLOAD_MAX_BYTES) -> None:
    """Raise UploadRejected for an empty file or one over the cap, naming the file and both sizes."""
    if size == 0:
        raise UploadRejected(f"{filename}: the file is empty")
    if size > max_bytes:
        raise UploadRejected(f"{filename}: the file is {size / 1024 / 1024:.1f} MB, over the "
                             f"{max_bytes / 1024 / 1024:.0f} MB upload limit; load larger files with "
                             "`python -m dashboard ingest`")


def ingest_upload(filename: str, data: bytes, store_dir: Path, identity: Identity,
                  access: AccessConfig | None = None, max_bytes: int = UPLOAD_MAX_BYTES) -> UploadOutcome:
    """Check and ingest one file uploaded by ``identity`` into the store at ``store_dir``.

    Raises PermissionDenied unless ``identity`` is an admin (checked here, at every call: hiding the upload
    widget is not the check), UploadRejected (size or type) or the ingest's own DashboardError (e.g.
    StoreLocked).
    """
    access = access if access is not None else load_access()
    require_role(identity, access, "admin", "load files into the store")
    check_size(filename, len(data), max_bytes)
    name = upload_name(filename)
    with tempfile.TemporaryDirectory(prefix="dashboard-upload-") as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        sniffed = sniff(path)
        if sniffed.kind == "unknown":
            raise UploadRejected(f"{filename}: not a file type the dashboard reads ({sniffed.reason}). It "
                                 "reads IATI XML, CSV/Excel project lists and news (text, HTML, RSS/Atom, "
                                 "JSON/CSV records).")
        summary = ingest_paths([(path, name)], Path(store_dir))
    return UploadOutcome(name=name, kind=sniffed.kind, summary=summary)

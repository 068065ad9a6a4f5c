"""Streaming output into numbered files of bounded size (shared by the XML and the JSONL writers)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def write_parts(chunks: Iterable[bytes], out_dir: Path, pattern: str, max_bytes: int,
                header: bytes = b"", footer: bytes = b"") -> list[Path]:
    """Write ``chunks`` into ``pattern.format(n)`` files, each between ``header`` and ``footer``.

    A new file starts when the next chunk would push the current one past ``max_bytes`` (a chunk larger than
    the limit gets a file of its own). Nothing is held in memory beyond one chunk.
    """
    files: list[Path] = []
    handle = None
    size = 0
    try:
        for chunk in chunks:
            if handle is not None and size + len(chunk) + len(footer) > max_bytes:
                handle.write(footer)
                handle.close()
                handle = None
            if handle is None:
                path = out_dir / pattern.format(len(files) + 1)
                files.append(path)
                handle = open(path, "wb")  # noqa: SIM115 (closed at roll-over or in finally)
                handle.write(header)
                size = len(header)
            handle.write(chunk)
            size += len(chunk)
        if handle is not None:
            handle.write(footer)
    finally:
        if handle is not None:
            handle.close()
    return files

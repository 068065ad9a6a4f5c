"""HTTP for the fetchers: time-outs, a few retries on 5xx and time-outs, conditional GET, a size bound.

An unchanged file is not downloaded again: the request carries ``If-None-Match`` (the ETag last seen) and
``If-Modified-Since`` (the Last-Modified last seen), and a server that answers 304 costs no body. A server
that ignores both still costs nothing downstream: the body's sha256 is compared with the last one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

USER_AGENT = "iom-activity-dashboard/0.1 (+fetch; IATI and news refresh)"
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF_S = 0.5  # waits 0, 1, 2 s between retries
# An IATI activity file of a large publisher is tens of MB; the loader refuses anything over 2 GB anyway.
MAX_DOWNLOAD_BYTES = 512 * 1024**2
MAX_PAGE_BYTES = 10 * 1024**2  # an API answer, a feed or an article page


class FetchError(Exception):
    """A download failed for good (after retries): ``reason`` says why, in words."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class Validators:
    """What a server said about a file last time: its ETag, Last-Modified and the body's checksum."""

    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"etag": self.etag, "last_modified": self.last_modified, "sha256": self.sha256}

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> Validators:
        data = data or {}
        return cls(data.get("etag"), data.get("last_modified"), data.get("sha256"))


@dataclass(frozen=True)
class Download:
    """The outcome of one conditional download: ``changed`` False means nothing new (304 or same bytes)."""

    changed: bool
    validators: Validators
    path: Path | None = None
    bytes: int = 0
    not_modified: bool = False


class Http:
    """A requests session with retries, time-outs and size bounds (one per fetch run, not shared)."""

    def __init__(self, timeout_s: float = DEFAULT_TIMEOUT_S, retries: int | None = None,
                 backoff_s: float | None = None, max_bytes: int = MAX_DOWNLOAD_BYTES):
        retries = DEFAULT_RETRIES if retries is None else retries
        backoff_s = DEFAULT_BACKOFF_S if backoff_s is None else backoff_s
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        retry = Retry(total=retries, connect=retries, read=retries, status=retries, backoff_factor=backoff_s,
                      status_forcelist=(500, 502, 503, 504), allowed_methods=frozenset({"GET"}),
                      raise_on_status=False, respect_retry_after_header=False)
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def get_json(self, url: str, params: dict[str, Any] | None = None, *,
                 headers: dict[str, str] | None = None, json_body: Any = None) -> Any:
        """A JSON answer (GET, or POST when ``json_body`` is given), bounded to MAX_PAGE_BYTES."""
        body = self._bounded(url, params=params, headers=headers, json_body=json_body, limit=MAX_PAGE_BYTES)
        try:
            import json

            return json.loads(body)
        except ValueError as exc:
            raise FetchError(url, f"answer is not JSON ({exc})") from None

    def get_text(self, url: str) -> bytes:
        """A page's bytes (feed, article), bounded to MAX_PAGE_BYTES."""
        return self._bounded(url, limit=MAX_PAGE_BYTES)

    def download(self, url: str, dest: Path, known: Validators) -> Download:
        """Fetch ``url`` into ``dest`` unless the server or the checksum says it is unchanged."""
        headers = {}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        response = self._request("GET", url, headers=headers, stream=True)
        with response:
            if response.status_code == 304:
                return Download(False, known, not_modified=True)
            _raise_for_status(url, response)
            dest.parent.mkdir(parents=True, exist_ok=True)
            digest, size, tmp = self._stream_to_temp(url, response, dest.parent, self.max_bytes)
        validators = Validators(response.headers.get("ETag") or known.etag,
                                response.headers.get("Last-Modified") or known.last_modified, digest)
        if digest == known.sha256 and dest.exists():
            os.unlink(tmp)
            return Download(False, validators, dest, size)
        os.replace(tmp, dest)
        return Download(True, validators, dest, size)

    def _request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        try:
            return self.session.request(method, url, timeout=self.timeout_s, **kwargs)
        except requests.exceptions.RetryError as exc:
            raise FetchError(url, f"server kept failing after retries ({_short(exc)})") from None
        except requests.exceptions.Timeout:
            raise FetchError(url, f"no answer within {self.timeout_s:g} s (after retries)") from None
        except requests.exceptions.ConnectionError as exc:
            if isinstance(getattr(exc.args[0] if exc.args else None, "reason", None), ReadTimeoutError):
                raise FetchError(url, f"no answer within {self.timeout_s:g} s (after retries)") from None
            raise FetchError(url, f"cannot connect ({_short(exc)})") from None
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, _short(exc)) from None

    def _bounded(self, url: str, *, params: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None, json_body: Any = None, limit: int) -> bytes:
        method = "POST" if json_body is not None else "GET"
        response = self._request(method, url, params=params, headers=headers, json=json_body, stream=True)
        with response:
            _raise_for_status(url, response)
            chunks, size = [], 0
            try:
                for chunk in response.iter_content(1 << 16):
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(url, f"answer over {limit / 1e6:.0f} MB; not read")
                    chunks.append(chunk)
            except requests.exceptions.RequestException as exc:
                raise FetchError(url, f"answer broken off ({_short(exc)})") from None
            return b"".join(chunks)

    def _stream_to_temp(self, url: str, response: requests.Response, folder: Path,
                        limit: int) -> tuple[str, int, str]:
        h = hashlib.sha256()
        size = 0
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in response.iter_content(1 << 20):
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(url, f"file over {limit / 1e6:.0f} MB; not downloaded")
                    h.update(chunk)
                    out.write(chunk)
        except requests.exceptions.RequestException as exc:
            os.unlink(tmp)
            raise FetchError(url, f"download broken off ({_short(exc)})") from None
        except BaseException:
            os.unlink(tmp)
            raise
        return h.hexdigest(), size, tmp


def _raise_for_status(url: str, response: requests.Response) -> None:
    if response.status_code >= 400:
        raise FetchError(url, f"HTTP {response.status_code} {response.reason or ''}".strip())


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "..."

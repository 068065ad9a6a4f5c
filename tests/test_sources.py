"""Fetchers against a local HTTP server shaped like the IATI Registry, ReliefWeb, a feed and article pages.

No network: every answer comes from pytest-httpserver on localhost, including 304s, a dataset that always
fails with a 500, and one that answers slower than the (short) time-out.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("pytest_httpserver")
from pytest_httpserver import HTTPServer  # noqa: E402
from werkzeug import Request, Response  # noqa: E402

from dashboard.bundle_reader import read_bundle  # noqa: E402
from dashboard.model.schemas import TABLES  # noqa: E402
from dashboard.sources import iati_registry  # noqa: E402
from dashboard.sources.cli import fetch_main, read_config, refresh_main  # noqa: E402
from dashboard.sources.http import Http  # noqa: E402
from dashboard.sources.state import sources_dir  # noqa: E402
from dashboard.store import read_table, store_version  # noqa: E402

FAST = ["--timeout", "0.5"]


def iati_xml(identifier: str, title: str, updated: str = "2024-04-01T00:00:00Z") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2024-05-01T00:00:00Z">
  <iati-activity last-updated-datetime="{updated}" default-currency="USD">
    <iati-identifier>{identifier}</iati-identifier>
    <reporting-org ref="XM-DAC-47066" type="40"><narrative>IOM</narrative></reporting-org>
    <title><narrative>{title}</narrative></title>
    <participating-org ref="XM-DAC-701" role="1" type="10"><narrative>Japan</narrative></participating-org>
    <activity-status code="2"/>
    <activity-date iso-date="2023-01-01" type="1"/>
    <recipient-country code="NA" percentage="100"/>
  </iati-activity>
</iati-activities>
""".encode()


class Registry:
    """A registry-shaped server: package_search with paging, files with ETag/Last-Modified and 304s."""

    def __init__(self, server: HTTPServer, datasets: int = 5):
        self.server = server
        self.files = {f"iom-ds{i}": iati_xml(f"XM-DAC-47066-FETCH-{i}", f"Project number {i}")
                      for i in range(datasets)}
        self.downloads: list[str] = []
        self.pages: list[tuple[int, int]] = []
        self.slow_s = 0.0
        server.expect_request("/api/3/action/package_search").respond_with_handler(self.search)
        server.expect_request("/files/broken.xml").respond_with_data("boom", status=500)
        server.expect_request("/files/slow.xml").respond_with_handler(self.slow)
        for name in self.files:
            server.expect_request(f"/files/{name}.xml").respond_with_handler(self.file_handler(name))

    def names(self) -> list[str]:
        return [*self.files, "iom-broken", "iom-slow"]

    def search(self, request: Request) -> Response:
        assert request.args["fq"] == "organization:iom"
        rows, start = int(request.args["rows"]), int(request.args["start"])
        self.pages.append((rows, start))
        names = self.names()
        results = [{"name": n, "title": n,
                    "resources": [{"url": self.server.url_for(f"/files/{self.path(n)}")}]}
                   for n in names[start:start + rows]]
        body = {"success": True, "result": {"count": len(names), "results": results}}
        return Response(json.dumps(body), content_type="application/json")

    @staticmethod
    def path(name: str) -> str:
        return {"iom-broken": "broken.xml", "iom-slow": "slow.xml"}.get(name, f"{name}.xml")

    def file_handler(self, name: str):
        def handle(request: Request) -> Response:
            body = self.files[name]
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            if request.headers.get("If-None-Match") == etag:
                return Response(status=304)
            self.downloads.append(name)
            return Response(body, headers={"ETag": etag, "Last-Modified": "Wed, 01 May 2024 00:00:00 GMT"},
                            content_type="application/xml")
        return handle

    def slow(self, request: Request) -> Response:
        time.sleep(self.slow_s)
        return Response(iati_xml("XM-DAC-47066-SLOW", "Slow project"), content_type="application/xml")


@pytest.fixture()
def registry(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Registry:
    monkeypatch.setattr(iati_registry, "PAGE_ROWS", 3)  # seven datasets: three pages
    monkeypatch.setattr("dashboard.sources.http.DEFAULT_RETRIES", 1)
    monkeypatch.setattr("dashboard.sources.http.DEFAULT_BACKOFF_S", 0.01)
    reg = Registry(httpserver)
    reg.slow_s = 1.0  # over the 0.5 s time-out of the tests
    return reg


def fetch_iati_cli(registry: Registry, store: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = fetch_main(["iati", "--publisher", "iom", "--registry-url", registry.server.url_for("/"),
                       "--store", str(store), "--json", *FAST])
    return code, json.loads(capsys.readouterr().out)


def store_files(store: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.glob("*.parquet"))}


def test_fetch_iati_loads_good_datasets_names_failures_and_pages(registry: Registry, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    started = time.perf_counter()
    code, out = fetch_iati_cli(registry, store, capsys)
    assert time.perf_counter() - started < 20  # the slow dataset is given up on, not waited for
    assert code == 1
    assert out["datasets"] == 7
    assert registry.pages == [(3, 0), (3, 3), (3, 6)]
    assert sorted(out["downloaded"]) == sorted(registry.files)
    assert out["unchanged"] == []
    failed = {f["dataset"]: f["reason"] for f in out["failed"]}
    assert set(failed) == {"iom-broken", "iom-slow"}
    assert "500" in failed["iom-broken"] and "within 0.5 s" in failed["iom-slow"]
    acts = read_table(store, "activities")
    assert set(acts["iati_identifier"]) == {f"XM-DAC-47066-FETCH-{i}" for i in range(5)}
    assert set(acts["source_file"]) == {registry.server.url_for(f"/files/{n}.xml") for n in registry.files}
    status = read_table(store, "source_status").set_index("source")
    assert status.loc["iati:iom/iom-ds0", "records"] == 1
    assert pd.notna(status.loc["iati:iom/iom-ds0", "last_changed"])
    assert pd.isna(status.loc["iati:iom/iom-ds0", "last_error"])
    assert "500" in status.loc["iati:iom/iom-broken", "last_error"]
    assert pd.isna(status.loc["iati:iom/iom-broken", "last_changed"])


def test_second_run_downloads_nothing_and_changes_no_data_table(registry: Registry, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    fetch_iati_cli(registry, store, capsys)
    before = store_files(store)
    registry.downloads.clear()
    code, out = fetch_iati_cli(registry, store, capsys)
    assert code == 1  # the broken dataset still fails, and says so
    assert registry.downloads == []  # every unchanged file answered 304
    assert out["downloaded"] == [] and sorted(out["unchanged"]) == sorted(registry.files)
    after = store_files(store)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"source_status.parquet"}  # only "last checked" moves


def test_changed_file_is_fetched_alone_and_its_change_is_stored(registry: Registry, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    fetch_iati_cli(registry, store, capsys)
    first = read_table(store, "source_status").set_index("source")
    version = store_version(store)
    registry.files["iom-ds2"] = iati_xml("XM-DAC-47066-FETCH-2", "Renamed project",
                                         updated="2024-06-01T00:00:00Z")
    registry.downloads.clear()
    code, out = fetch_iati_cli(registry, store, capsys)
    assert registry.downloads == ["iom-ds2"] and out["downloaded"] == ["iom-ds2"]
    assert store_version(store) != version  # the app's cache key: its next run reads the change
    acts = read_bundle(store).activities.set_index("iati_identifier")  # what the app reads
    assert acts.loc["XM-DAC-47066-FETCH-2", "title"] == "Renamed project"
    assert len(acts) == 5
    status = read_table(store, "source_status").set_index("source")
    assert status.loc["iati:iom/iom-ds2", "last_changed"] == status.loc["iati:iom/iom-ds2", "last_checked"]
    assert status.loc["iati:iom/iom-ds2", "last_changed"] >= first.loc["iati:iom/iom-ds2", "last_changed"]
    assert status.loc["iati:iom/iom-ds1", "last_changed"] == first.loc["iati:iom/iom-ds1", "last_changed"]


def test_same_bytes_without_validators_are_not_ingested_again(httpserver: HTTPServer, tmp_path: Path) -> None:
    body = iati_xml("XM-DAC-47066-NOVAL", "No validators")
    httpserver.expect_request("/plain.xml").respond_with_data(body, content_type="application/xml")
    state_dir = tmp_path / "dl"
    with Http(timeout_s=1, retries=0) as http:
        first = http.download(httpserver.url_for("/plain.xml"), state_dir / "a.xml",
                              iati_registry.FetchState(tmp_path / "s.json").validators_of("x"))
        again = http.download(httpserver.url_for("/plain.xml"), state_dir / "a.xml", first.validators)
    assert first.changed and not again.changed and not again.not_modified  # same checksum: unchanged


def test_download_over_the_size_bound_is_refused(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/big.xml").respond_with_data(b"x" * 5000)
    with Http(timeout_s=1, retries=0, max_bytes=1000) as http, pytest.raises(Exception, match="over"):
        http.download(httpserver.url_for("/big.xml"), tmp_path / "big.xml",
                      iati_registry.FetchState(tmp_path / "s.json").validators_of("x"))
    assert not (tmp_path / "big.xml").exists() and not list(tmp_path.glob(".part-*"))


def test_retries_a_5xx_then_succeeds(httpserver: HTTPServer, tmp_path: Path) -> None:
    answers = iter([Response("busy", status=503), Response(iati_xml("XM-DAC-47066-R", "Retried"))])
    httpserver.expect_request("/flaky.xml").respond_with_handler(lambda _r: next(answers))
    with Http(timeout_s=1, retries=2, backoff_s=0.01) as http:
        got = http.download(httpserver.url_for("/flaky.xml"), tmp_path / "f.xml",
                            iati_registry.FetchState(tmp_path / "s.json").validators_of("x"))
    assert got.changed and b"Retried" in (tmp_path / "f.xml").read_bytes()


ARTICLE = """<html><head><title>{title}</title></head><body><nav>Home | News | Contact</nav>
<article><h1>{title}</h1><p>WINDHOEK, 2 May 2024 - The International Organization for Migration (IOM)
trained 30 border officials in Windhoek, Namibia, on 1-2 May 2024, with funding from the Government of
Japan.</p><p>The training covered document examination, identity management and the rights of
migrants at the border. Participants came from every border post of the country.</p></article>
<footer>Copyright IOM</footer></body></html>"""


def feed_xml(server: HTTPServer, items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><title>{title}</title><link>{server.url_for(path)}</link><guid>{path}</guid>"
                      f"<pubDate>Thu, 02 May 2024 10:00:00 GMT</pubDate><description>Short summary of"
                      f" {title}</description></item>" for path, title in items)
    channel = f"<channel><title>IOM news</title>{entries}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def test_feed_fetches_new_items_pages_once(httpserver: HTTPServer, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    items = [("/news/a", "IOM trains 30 border officials in Namibia"),
             ("/news/b", "IOM trains 30 border officials in Namibia again")]
    feed = {"body": feed_xml(httpserver, items[:1])}
    page_hits: list[str] = []
    httpserver.expect_request("/feed.xml").respond_with_handler(
        lambda _r: Response(feed["body"], content_type="application/rss+xml"))
    for path, title in items:
        def page(_r: Request, path: str = path, title: str = title) -> Response:
            page_hits.append(path)
            return Response(ARTICLE.format(title=title), content_type="text/html")
        httpserver.expect_request(path).respond_with_handler(page)
    store = tmp_path / "store"
    args = ["feed", httpserver.url_for("/feed.xml"), "--store", str(store), "--json", *FAST]
    assert fetch_main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["downloaded"]) == 1
    news = read_table(store, "news_items")
    assert news["url"].tolist() == [httpserver.url_for("/news/a")]
    record = json.loads(news["record_json"].iloc[0])
    assert record["participants"] == 30  # from the page's article text, not the feed's summary
    feed["body"] = feed_xml(httpserver, items)
    assert fetch_main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert page_hits == ["/news/a", "/news/b"]  # the first page is not fetched again
    assert len(out["downloaded"]) == 1 and len(out["unchanged"]) == 1
    assert len(read_table(store, "news_items")) == 2
    status = read_table(store, "source_status")
    assert status["source"].tolist() == [f"feed:{httpserver.url_for('/feed.xml')}"]
    assert status["records"].iloc[0] >= 1


def test_reliefweb_pages_remembers_and_keeps_the_appname_out(httpserver: HTTPServer, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("dashboard.sources.news_sources.RELIEFWEB_PAGE", 2)
    reports = [{"id": str(100 + i), "fields": {
        "title": f"IOM trains {20 + i} officials in Namibia", "url_alias": f"https://reliefweb.int/report/{i}",
        "body": ARTICLE.split("<article>")[1].split("</article>")[0].replace("<p>", "").replace("</p>", "\n"),
        "date": {"original": "2024-05-02T00:00:00+00:00", "created": "2024-05-03T00:00:00+00:00"}}}
        for i in range(3)]
    seen_queries: list[dict] = []

    def handle(request: Request) -> Response:
        assert request.args["appname"] == "secret-app"
        query = request.get_json()
        seen_queries.append(query)
        assert query["filter"]["conditions"][0] == {"field": "source.shortname", "value": "IOM"}
        rows = reports[query["offset"]:query["offset"] + query["limit"]]
        return Response(json.dumps({"totalCount": len(reports), "count": len(rows), "data": rows}),
                        content_type="application/json")

    httpserver.expect_request("/v2/reports", method="POST").respond_with_handler(handle)
    monkeypatch.setenv("RELIEFWEB_APPNAME", "secret-app")
    store = tmp_path / "store"
    args = ["reliefweb", "--source", "IOM", "--api-url", httpserver.url_for("/v2"), "--since", "2024-01-01",
            "--store", str(store), "--json", *FAST]
    assert fetch_main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted(out["downloaded"]) == ["100", "101", "102"] and len(seen_queries) == 2
    assert seen_queries[0]["filter"]["conditions"][1]["value"]["from"].startswith("2024-01-01")
    assert len(read_table(store, "news_items")) == 3
    assert fetch_main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["downloaded"] == [] and len(out["unchanged"]) == 3
    for path in [*sources_dir(store).rglob("*"), *store.glob("*")]:
        if path.is_file():
            assert b"secret-app" not in path.read_bytes(), path


def test_refresh_runs_every_configured_source_and_names_a_missing_key(
        registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("TEST_RW_APP", raising=False)
    config = tmp_path / "sources.toml"
    config.write_text(f"""
[[source]]
kind = "iati"
publisher = "iom"
registry_url = "{registry.server.url_for('/')}"

[[source]]
kind = "reliefweb"
source = "IOM"
appname_env = "TEST_RW_APP"
""")
    assert len(read_config(config)) == 2
    store = tmp_path / "store"
    code = refresh_main(["--config", str(config), "--store", str(store), "--json", *FAST])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    failed = {f["dataset"]: f["reason"] for f in out["failed"]}
    assert "TEST_RW_APP" in failed["reliefweb:IOM"] and "iom-broken" in failed
    assert len(read_table(store, "activities")) == 5
    status = read_table(store, "source_status").set_index("source")
    assert "TEST_RW_APP" in status.loc["reliefweb:IOM", "last_error"]


def test_bad_config_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "sources.toml"
    config.write_text('[[source]]\nkind = "ftp"\n')
    assert refresh_main(["--config", str(config), "--store", str(tmp_path / "s")]) == 2
    assert "kind must be" in capsys.readouterr().err


def test_source_status_is_declared_last() -> None:
    assert list(TABLES)[-1] == "source_status"

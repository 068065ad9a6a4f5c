"""Build the bundled world map: Natural Earth 110 m country shapes as GeoJSON keyed by ISO3.

The map must work offline, so the shapes ship with the app. Their source is the ``naturalearth_lowres``
shapefile inside the geopandas 0.14.4 wheel (Natural Earth 1:110m admin-0 countries, public domain); the
wheel is fetched with pip at build time only, never at run time. Run from the repository root::

    python scripts/build_world_shapes.py            # downloads the wheel with pip into a temp folder
    python scripts/build_world_shapes.py --wheel geopandas-0.14.4-py3-none-any.whl

Writes ``dashboard/static/world_110m.geojson`` and ``dashboard/static/PROVENANCE.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import shapefile  # pyshp

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # a script run from a checkout, not an installed package

from dashboard.model.countries import country_info, country_name, iso3_from_name  # noqa: E402

GEOPANDAS_VERSION = "0.14.4"
WHEEL_MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
STATIC = REPO / "dashboard" / "static"
OUT_GEOJSON = STATIC / "world_110m.geojson"
OUT_PROVENANCE = STATIC / "PROVENANCE.md"

# 0.01 degree is about 1 km at the equator: far below what a 110 m scale map can show, and it keeps the file
# small enough to send with every map render.
DECIMALS = 2
SIMPLIFY_TOLERANCE = 0.02


def fetch_wheel(folder: Path) -> Path:
    """Download the geopandas wheel with pip (build time only)."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         f"geopandas=={GEOPANDAS_VERSION}", "-d", str(folder)],
        check=True,
    )
    wheels = sorted(folder.glob(f"geopandas-{GEOPANDAS_VERSION}-*.whl"))
    if not wheels:
        raise SystemExit(f"pip did not produce a geopandas {GEOPANDAS_VERSION} wheel in {folder}")
    return wheels[0]


def read_shapefile(wheel: Path) -> shapefile.Reader:
    """Open the naturalearth_lowres shapefile straight from the wheel, without unpacking it."""
    with zipfile.ZipFile(wheel) as zf:
        parts = {ext: io.BytesIO(zf.read(f"{WHEEL_MEMBER}.{ext}")) for ext in ("shp", "shx", "dbf")}
        # The .cpg beside the .dbf names the text encoding (ISO-8859-1 in this release).
        encoding = zf.read(f"{WHEEL_MEMBER}.cpg").decode("ascii").strip()
    return shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"], encoding=encoding)


def resolve_iso3(code: str, name: str) -> str:
    """ISO3 of a Natural Earth record.

    Natural Earth writes -99 where ISO has no code (Kosovo) and uses its own codes for entities ISO does not
    list (CYN for Northern Cyprus, SOL for Somaliland). Those are resolved by name through the project's
    country resolver, so their shapes join the country the rest of the data is keyed by.
    """
    if code != "-99" and country_info(code) is not None:
        return code
    if name.strip().lower() == "kosovo":
        return "XKX"
    resolved = iso3_from_name(name)
    if resolved is None:
        raise SystemExit(f"Natural Earth record {name!r} (code {code}) resolves to no ISO3 country")
    return resolved


def _perpendicular_distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify_line(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker simplification (iterative, so long coasts cannot exhaust the recursion limit)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        worst, worst_at = 0.0, -1
        for i in range(start + 1, end):
            d = _perpendicular_distance(points[i], points[start], points[end])
            if d > worst:
                worst, worst_at = d, i
        if worst > tolerance:
            keep[worst_at] = True
            stack.extend([(start, worst_at), (worst_at, end)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def compact_ring(ring: list[tuple[float, float]]) -> list[list[float]] | None:
    """Simplify and round a closed ring; None when it collapses (a speck below the map's resolution)."""
    simplified = simplify_line([(float(x), float(y)) for x, y in ring], SIMPLIFY_TOLERANCE)
    out: list[list[float]] = []
    for x, y in simplified:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out if len(out) >= 4 else None


def compact_polygon(rings: list[list[tuple[float, float]]]) -> list[list[list[float]]]:
    """Exterior plus holes; an exterior that would collapse is kept rounded but unsimplified."""
    exterior = compact_ring(rings[0])
    if exterior is None:
        exterior = [[round(float(x), DECIMALS), round(float(y), DECIMALS)] for x, y in rings[0]]
    holes = [h for h in (compact_ring(r) for r in rings[1:]) if h is not None]
    return [exterior, *holes]


def polygons_of(geometry: dict[str, Any]) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise SystemExit(f"unexpected geometry type {geometry['type']}")


def build_features(reader: shapefile.Reader, recoded: list[str]) -> list[dict[str, Any]]:
    """One feature per ISO3 (records resolving to the same country are merged into a MultiPolygon).

    Appends to ``recoded`` a line for every record whose Natural Earth code was replaced.
    """
    merged: dict[str, dict[str, Any]] = {}
    for shape_record in reader.iterShapeRecords():
        record = shape_record.record.as_dict()
        iso3 = resolve_iso3(str(record["iso_a3"]), str(record["name"]))
        entry = merged.setdefault(iso3, {"polygons": [], "recoded": []})
        if iso3 != record["iso_a3"]:
            entry["recoded"].append(f"{record['name']} ({record['iso_a3']}) -> {iso3}")
        geometry = shape_record.shape.__geo_interface__
        entry["polygons"].extend(compact_polygon(p) for p in polygons_of(geometry))
    features = []
    for iso3 in sorted(merged):
        polygons = merged[iso3]["polygons"]
        geometry = ({"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1
                    else {"type": "MultiPolygon", "coordinates": polygons})
        recoded.extend(merged[iso3]["recoded"])
        features.append({
            "type": "Feature",
            "properties": {"iso3": iso3, "name": country_name(iso3)},
            "geometry": geometry,
        })
    return features


PROVENANCE_TEMPLATE = """\
# Bundled static files

## world_110m.geojson

- **Source**: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries, as shipped in the
  `naturalearth_lowres` shapefile inside the geopandas {version} wheel
  (`{wheel}`, sha256 `{digest}`).
- **Licence**: public domain (Natural Earth's terms of use place all its data in the public
  domain; no permission or attribution is required).
- **Built**: {today} by `scripts/build_world_shapes.py` (pyshp): {records} records -> {features}
  features keyed by ISO3.
- **Changes**: coordinates simplified (Douglas-Peucker, {tolerance} degree) and rounded to {decimals}
  decimals; names from the project's country resolver (`dashboard.model.countries`).
- **Codes**: Natural Earth's -99 (no ISO code: Kosovo) and its own codes for entities ISO does not
  list are resolved by name and merged into that country's feature: {recoded}.
- Countries too small for the 110 m scale (Cabo Verde, Singapore, Mauritius, Pacific islands...)
  have no shape here: the map draws them as points at their centroids (`dashboard/transform/geo.py`).

## map-style.json

A blank MapLibre/Mapbox GL style (version 8) with a background layer only: no sources, glyphs or
sprites, so the map background is drawn without any request outside the app. Written by hand for
this project.
"""


def write_provenance(wheel: Path, features: list[dict[str, Any]], records: int, recoded: list[str]) -> None:
    OUT_PROVENANCE.write_text(PROVENANCE_TEMPLATE.format(
        version=GEOPANDAS_VERSION, wheel=wheel.name, digest=hashlib.sha256(wheel.read_bytes()).hexdigest(),
        today=dt.date.today().isoformat(), records=records, features=len(features),
        tolerance=SIMPLIFY_TOLERANCE, decimals=DECIMALS, recoded="; ".join(recoded),
    ), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a geopandas 0.14.4 wheel already on disk")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        reader = read_shapefile(wheel)
        records = len(reader)
        recoded: list[str] = []
        features = build_features(reader, recoded)
        STATIC.mkdir(parents=True, exist_ok=True)
        OUT_GEOJSON.write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")),
            encoding="utf-8",
        )
        write_provenance(wheel, features, records, recoded)
    print(f"wrote {OUT_GEOJSON.relative_to(REPO)}: {len(features)} countries, "
          f"{OUT_GEOJSON.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

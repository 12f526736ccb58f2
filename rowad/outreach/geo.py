"""A schematic tile map of the provinces, drawn by the project itself (no tiles, no
internet): each Algerian wilaya gets a square cell placed near its capital's position,
cells pushed apart on a grid so every province stays readable."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Approximate latitude and longitude of each wilaya's capital (codes 01–58).
DZ_CAPITALS = {
    "01": (27.87, -0.29), "02": (36.16, 1.33), "03": (33.80, 2.88), "04": (35.88, 7.11),
    "05": (35.56, 6.17), "06": (36.75, 5.08), "07": (34.85, 5.73), "08": (31.62, -2.22),
    "09": (36.47, 2.83), "10": (36.37, 3.90), "11": (22.79, 5.53), "12": (35.40, 8.12),
    "13": (34.88, -1.32), "14": (35.37, 1.32), "15": (36.71, 4.05), "16": (36.75, 3.06),
    "17": (34.67, 3.25), "18": (36.82, 5.77), "19": (36.19, 5.41), "20": (34.83, 0.15),
    "21": (36.88, 6.91), "22": (35.19, -0.63), "23": (36.90, 7.77), "24": (36.46, 7.43),
    "25": (36.37, 6.61), "26": (36.26, 2.75), "27": (35.93, 0.09), "28": (35.71, 4.54),
    "29": (35.40, 0.14), "30": (31.95, 5.33), "31": (35.70, -0.63), "32": (33.68, 1.02),
    "33": (26.48, 8.47), "34": (36.07, 4.76), "35": (36.76, 3.48), "36": (36.77, 8.31),
    "37": (27.67, -8.15), "38": (35.61, 1.81), "39": (33.37, 6.86), "40": (35.44, 7.14),
    "41": (36.29, 7.95), "42": (36.59, 2.45), "43": (36.45, 6.26), "44": (36.26, 1.97),
    "45": (33.27, -0.31), "46": (35.30, -1.14), "47": (32.49, 3.67), "48": (35.74, 0.56),
    "49": (29.26, 0.24), "50": (21.33, 0.95), "51": (34.42, 5.07), "52": (30.13, -2.17),
    "53": (27.20, 2.47), "54": (19.57, 5.77), "55": (33.10, 6.07), "56": (24.55, 9.48),
    "57": (33.95, 5.92), "58": (30.58, 2.88),
}  # fmt: skip

CELL = 26  # px per grid cell
STEP = 0.62  # degrees per grid cell


@dataclass(frozen=True)
class Cell:
    code: str
    col: int
    row: int


@lru_cache(maxsize=1)
def algeria_grid() -> dict[str, Cell]:
    """Snap each capital to the nearest free grid cell, northern (denser) ones first."""
    taken: dict[tuple[int, int], str] = {}
    cells: dict[str, Cell] = {}
    north, west = 37.2, -8.8
    for code, (lat, lon) in sorted(DZ_CAPITALS.items(), key=lambda item: -item[1][0]):
        target = ((lon - west) / STEP, (north - lat) / STEP)
        best = None
        for radius in range(0, 8):
            candidates = [
                (round(target[0]) + dc, round(target[1]) + dr)
                for dc in range(-radius, radius + 1)
                for dr in range(-radius, radius + 1)
                if (round(target[0]) + dc, round(target[1]) + dr) not in taken
            ]
            if candidates:
                best = min(candidates, key=lambda c: (c[0] - target[0]) ** 2 + (c[1] - target[1]) ** 2)
                break
        taken[best] = code
        cells[code] = Cell(code, best[0], best[1])
    return cells


def generic_grid(codes: list[str], columns: int = 10) -> dict[str, Cell]:
    return {code: Cell(code, i % columns, i // columns) for i, code in enumerate(sorted(codes))}


@dataclass
class Tile:
    code: str
    label: str
    status: str
    x: int
    y: int
    title: str


def map_tiles(country: str, provinces: list, statuses: dict[int, str]) -> tuple[list[Tile], int, int]:
    """Tiles for every province of the country (Algeria) or of the plan (elsewhere),
    with the status of the campaign's stop there ("none" when not on the itinerary)."""
    if country == "DZ":
        grid = algeria_grid()
        provinces = [p for p in provinces if p.code in grid]
    else:
        provinces = [p for p in provinces if p.pk in statuses]
        grid = generic_grid([p.code for p in provinces])
    tiles = []
    for province in provinces:
        cell = grid[province.code]
        tiles.append(
            Tile(
                code=province.code,
                label=province.code if country == "DZ" else province.name[:3],
                status=statuses.get(province.pk, "none"),
                x=cell.col * CELL,
                y=cell.row * CELL,
                title=province.name,
            )
        )
    width = (max((t.x for t in tiles), default=0) + CELL) if tiles else CELL
    height = (max((t.y for t in tiles), default=0) + CELL) if tiles else CELL
    return tiles, width, height

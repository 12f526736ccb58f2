"""Run every benchmark module's main(), or only those named: python -m benchmarks people_registry"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import sys
from pathlib import Path

SKIP = {"synthetic_people", "common", "figures_data"}


def main(argv: list[str]) -> None:
    folder = Path(__file__).parent
    # Names come first; options after them are the benchmark's own (--dossiers N).
    argv = list(itertools.takewhile(lambda arg: not arg.startswith("-"), argv))
    names = argv or sorted(
        info.name
        for info in pkgutil.iter_modules([str(folder)])
        if info.name not in SKIP and not info.name.startswith("_")
    )
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        if hasattr(module, "main"):
            print(f"== benchmark {name}", flush=True)
            module.main()


if __name__ == "__main__":
    main(sys.argv[1:])

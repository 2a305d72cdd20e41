"""Importers: read an official release in its published layout, write tidy tables into data/.

``factbook ingest SOURCE --from DATASETS_DIR``. Each importer is a module with ``SOURCE``
(its name), ``FILES`` (raw files it reads, relative to the datasets folder) and
``run(datasets: Path, out: Path) -> list[Path]``. Output is deterministic: the same raw
files give byte-identical tables.
"""

from __future__ import annotations

from . import countries, undesa_stock, unhcr, wdi

IMPORTERS = {m.SOURCE: m for m in (countries, undesa_stock, wdi, unhcr)}
ORDER = ("countries", "undesa-ims-2024", "wdi", "unhcr")  # countries first: others check codes

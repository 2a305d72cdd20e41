"""Importers: read an official release in its published layout, write tidy tables into data/.

``factbook ingest SOURCE --from DATASETS_DIR``. Each importer is a module with ``SOURCE``
(its name), ``FILES`` (raw files it reads, relative to the datasets folder) and
``run(datasets: Path, out: Path) -> list[Path]``. Output is deterministic: the same raw
files give byte-identical tables.
"""

from __future__ import annotations

from . import countries, income_groups, undesa_2020, undesa_stock, unhcr, wb_bilateral, wdi, world_atlas

# Countries first: the other importers check their codes against data/reference/countries.csv.
# The 2017 bilateral estimates before WDI: they tell zeros that mean "no estimate" (ingest/zeros.py).
IMPORTERS = {m.SOURCE: m for m in (countries, world_atlas, undesa_stock, undesa_2020, wb_bilateral, wdi, unhcr, income_groups)}
ORDER = tuple(IMPORTERS)

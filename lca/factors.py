"""Emission-factor tables: the tidy schema of DESIGN §4, reading, stacking and the dense array.

A factor table is one row per (``factor_id``, ``module``, ``indicator``) with ``value`` per
``declared_amount`` ``declared_unit``; per-factor metadata (conversions, service life, provenance)
is repeated on each row of the file and held once per factor in memory.
"""

from __future__ import annotations

#: Columns of the long value table.
VALUE_COLUMNS: list[str] = ["factor_id", "module", "indicator", "value"]

#: Per-factor metadata columns, in file order.
META_COLUMNS: list[str] = [
    "name",  # English (or original) name
    "name_fr",
    "name_de",
    "category",
    "declared_unit",  # canonical unit text, see lca.units.normalise_unit
    "declared_amount",  # default 1
    "density",  # [kg/m³]
    "area_mass",  # [kg/m²]
    "linear_mass",  # [kg/m]
    "mass_per_unit",  # [kg per declared unit]
    "thickness",  # layer thickness [m]
    "service_life",  # [years]
    "biogenic_carbon",  # [kg C per declared unit]
    "data_type",  # specific, collective, average, generic, default (RE2020 DED), fixed (forfaitaire)
    "standard",  # EN 15804+A1 / EN 15804+A2
    "scenario",  # scenario name kept when a module had several
    "carrier",  # energy tables: energy carrier key (electricity, natural_gas, ...)
    "use",  # energy tables: use key (heating, dhw, cooling, lighting, auxiliary, other, all)
    "transport_mode",  # transport tables: road, rail, inland_ship, ...
    "source",  # the database or document, e.g. "ÖKOBAUDAT OBD_2020_II"
    "source_id",  # UUID of the dataset in its source
    "version",  # dataset version in its source
    "release",  # database release
    "data_owner",
    "valid_until",  # year or date
    "url",
    "licence",
    "note",
]

#: Columns of a factor-table file: values plus metadata on every row (provenance per row).
FILE_COLUMNS: list[str] = VALUE_COLUMNS + META_COLUMNS

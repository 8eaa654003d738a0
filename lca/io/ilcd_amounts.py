"""The indicator values of an ILCD+EPD process: ``epd:amount`` elements of the indicators known by
UUID (``datasets/ilcd/indicator_uuids.csv``), values not declared, and one scenario per (indicator,
module).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import lru_cache
from xml.etree.ElementTree import Element

import pandas as pd

from lca._text import joined, quoted
from lca.datasets import dataset_path
from lca.i18n import Message
from lca.indicators import MODULES, module_key
from lca.io.ilcd_files import (
    _attr,
    _child,
    _children,
    _descendants_named,
    _english,
    _float,
    _Log,
    _uuid_of,
)
from lca.io.import_text import shown as _shown

#: Amount texts that mean "not declared" (EPD tables: ND, MND module not declared, MNR, INA).
NOT_DECLARED = {"", "nd", "n.d.", "mnd", "mnr", "ina", "na", "n/a", "-", "–"}

_MODULE_ORDER = {m: i for i, m in enumerate(("A1", "A2", "A3", *MODULES))}


@lru_cache(maxsize=1)
def indicator_uuids() -> pd.DataFrame:
    """The shipped table of EN 15804 indicator UUIDs (``datasets/ilcd/indicator_uuids.csv``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``uuid`` (lower case), with ``indicator`` (a key of ``lca.indicators.INDICATORS``),
        ``standard``, ``name``, ``unit``, ``unit_group_uuid`` and provenance columns.
    """
    table = pd.read_csv(dataset_path("ilcd", "indicator_uuids.csv"), dtype=str, keep_default_na=False)
    return table.set_index("uuid")


@dataclass(frozen=True)
class _Amount:
    indicator: str
    module: str
    value: float
    scenario: str | None
    uuid: str


def _indicator_elements(process: Element, ref_id: str) -> Iterator[tuple[Element, Element | None]]:
    """(element holding epd:amount, reference to its flow or LCIA method) of every indicator."""
    for exchange in _children(_child(process, "exchanges"), "exchange"):
        if _attr(exchange, "dataSetInternalID") != ref_id:
            yield exchange, _child(exchange, "referenceToFlowDataSet")
    for result in _children(_child(process, "LCIAResults"), "LCIAResult"):
        yield result, _child(result, "referenceToLCIAMethodDataSet")


def _amounts(process: Element, ref_id: str, log: _Log) -> tuple[list[_Amount], list[str]]:
    """Every declared amount of a known indicator; also the standards of the indicator UUIDs used."""
    table = indicator_uuids()
    out: list[_Amount] = []
    used: list[str] = []
    not_declared: list[str] = []
    plain = 0
    for element, reference in _indicator_elements(process, ref_id):
        other = _child(element, "other")
        amounts = [] if other is None else _descendants_named(other, "amount")
        if not amounts:
            plain += 1
            continue
        uuid = _uuid_of(reference)
        indicator_name = _english(_children(reference, "shortDescription"))
        if uuid is None or uuid not in table.index:
            message = (
                Message(
                    "indicator {indicator} has UUID {uuid}, in none of the EN 15804 indicator lists: its "
                    "values are not imported",
                    indicator=quoted(indicator_name),
                    uuid=uuid,
                )
                if uuid
                else Message(
                    "indicator {indicator} has no UUID: its values are not imported",
                    indicator=quoted(indicator_name),
                )
            )
            log("warning", message, uuid)
            continue
        row = table.loc[uuid]
        assert isinstance(row, pd.Series)  # the table's UUIDs are unique
        used.append(row["standard"])
        _check_unit_group(element, row, log)
        for amount in amounts:
            module_text = _attr(amount, "module") or ""
            module = module_key(module_text)
            text = (amount.text or "").strip()
            if module is None:
                log(
                    "warning",
                    Message(
                        "unknown module {module} for {indicator}",
                        module=_shown(module_text),
                        indicator=row["indicator"],
                    ),
                    module_text[:80],
                )
            elif text.lower() in NOT_DECLARED:
                not_declared.append(f"{row['indicator']} {module}")
            elif (value := _float(text)) is None:
                log(
                    "warning",
                    Message(
                        "{indicator} {module}: {value} is not a finite number",
                        indicator=row["indicator"],
                        module=module,
                        value=_shown(text),
                    ),
                    text[:80],
                )
            else:
                scenario = _attr(amount, "scenario") or None
                out.append(_Amount(row["indicator"], module, value, scenario, uuid))
    if not_declared:
        log("info", Message("not declared (ND): {values}", values=", ".join(not_declared)))
    if plain:
        log(
            "info", Message("{count} exchanges without module amounts (plain LCI flows) ignored", count=plain)
        )
    return out, used


def _check_unit_group(element: Element, row: pd.Series, log: _Log) -> None:
    given = _uuid_of(_child(element, "other", "referenceToUnitGroupDataSet"))
    expected = row["unit_group_uuid"]
    if given and expected and given != expected:
        message = Message(
            "{indicator} declared in unit group {given}, expected {expected} ({unit})",
            indicator=row["indicator"],
            given=given,
            expected=expected,
            unit=row["unit"],
        )
        log("warning", message, given)


def _scenario_declarations(process: Element) -> dict[str, tuple[str | None, bool]]:
    """Scenario name -> (group, default flag), from ``epd:scenarios``."""
    info = _child(process, "processInformation", "dataSetInformation")
    out = {}
    for block in _descendants_named(info, "scenarios") if info is not None else []:
        for scenario in _children(block, "scenario"):
            default = (_attr(scenario, "default") or "").lower() in {"true", "1"}
            out[_attr(scenario, "name") or ""] = (_attr(scenario, "group"), default)
    return out


def _choose(
    amounts: list[_Amount], process: Element, preferred: Collection[str], standard: str | None, log: _Log
) -> list[_Amount]:
    """One amount per (indicator, module): preferred scenario, else no scenario, else the default."""
    declared = _scenario_declarations(process)
    defaults = {s for s, (_, is_default) in declared.items() if is_default}
    table = indicator_uuids()
    groups: dict[tuple[str, str], list[_Amount]] = {}
    for amount in amounts:
        groups.setdefault((amount.indicator, amount.module), []).append(amount)
    chosen: list[_Amount] = []
    dropped: dict[str, set[str]] = {}
    for (indicator, module), candidates in groups.items():
        if len({c.uuid for c in candidates}) > 1:  # e.g. GWP from the A1 and the A2 lists
            keep = next(
                (c.uuid for c in candidates if standard and standard in table["standard"].loc[c.uuid]), None
            )
            keep = keep or candidates[0].uuid
            log(
                "warning",
                Message("{indicator} given by several UUIDs; {uuid} kept", indicator=indicator, uuid=keep),
            )
            candidates = [c for c in candidates if c.uuid == keep]
        pick = (
            [c for c in candidates if c.scenario in preferred]
            or [c for c in candidates if not c.scenario]
            or [c for c in candidates if c.scenario in defaults]
            or (candidates if len(candidates) == 1 else [])
        )
        if not pick:
            scenarios = sorted(str(c.scenario) for c in candidates)
            message = Message(
                "{indicator} {module} has scenarios [{scenarios}] and none is the default: not imported; "
                "choose one with scenarios=[...]",
                indicator=indicator,
                module=module,
                scenarios=joined([quoted(s) for s in scenarios]),
            )
            log("warning", message)
            continue
        chosen.append(pick[0])
        for other in candidates:
            if other.scenario and other.scenario != pick[0].scenario:
                dropped.setdefault(other.scenario, set()).add(module)
    for scenario, modules in sorted(dropped.items()):
        group = declared.get(scenario, (None, False))[0]
        shown_scenario = (
            Message("{scenario} (group {group})", scenario=quoted(scenario), group=quoted(group))
            if group
            else quoted(scenario)
        )
        modules_text = joined([quoted(m) for m in sorted(modules, key=_MODULE_ORDER.__getitem__)])
        message = Message(
            "alternative scenario {scenario} not imported for modules [{modules}]",
            scenario=shown_scenario,
            modules=modules_text,
        )
        log("info", message, scenario)
    return _drop_split_product_stage(chosen, log)


def _drop_split_product_stage(chosen: list[_Amount], log: _Log) -> list[_Amount]:
    """Keep A1, A2, A3 only where A1-A3 is not also declared (the factor tables sum A1/A2/A3)."""
    aggregated = {a.indicator for a in chosen if a.module == "A1-A3"}
    split = [a for a in chosen if a.module in {"A1", "A2", "A3"} and a.indicator in aggregated]
    if split:
        log("info", Message("A1, A2, A3 dropped where A1-A3 is declared as well"))
    return [a for a in chosen if a not in split]

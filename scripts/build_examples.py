"""Write the example project workbooks of ``datasets/examples/`` (illustrative projects, real factors).

Usage: ``python scripts/build_examples.py``

* ``maison_individuelle.xlsx`` — a small single-family house (100 m² SHAB, two variants). Its Facteurs
  sheet carries the ÖKOBAUDAT OBD_2020_II generic values of the factors it uses, taken from the
  shipped table ``datasets/factors/oekobaudat_2020_II_generic.csv.gz`` (UUID, version, URL on every
  row), so that it computes with no other data.
* ``residence_collective.xlsx`` — a French collective social-housing building, 24 dwellings on
  5 levels (R+4), 1,560 m² SHAB, inventoried by the 13 RE2020 lots from the ratios stated in each
  line's ``hypothèse`` column, with three variants. It uses shipped factor ids only.

The quantities are **illustrative**: they follow usual design ratios, not a real building. The
factors are real (ÖKOBAUDAT generic datasets; RE2020 conventional energy factors).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lca.factors import FactorTable, load_table
from lca.indicators import INDICATORS, MODULES
from lca.io.template import write_workbook
from lca.units import pretty_unit

OUT = Path(__file__).resolve().parents[1] / "datasets" / "examples"

# ÖKOBAUDAT OBD_2020_II generic datasets (UUIDs), French names in datasets/factors/names_fr.csv
CONCRETE_C20 = "9702d9ab-2af2-4fdc-9d99-225583a9ffb7"  # Transportbeton C20/25 [m³]
CONCRETE_C30 = "a758fb6a-7fb1-4cdc-b652-c42cf2f7632c"  # Transportbeton C30/37 [m³]
REBAR = "e9ae96ee-ba8d-420d-9725-7c8abd06e082"  # Bewehrungsstahl [kg]
XPS = "43e99b8c-90d8-4fcd-90ce-342fb0b7366e"  # XPS-Dämmstoff [m³]
BLOCKS = "bdda4364-451f-4df2-a68b-5912469ee4c9"  # Beton-Mauersteine [m³]
MORTAR = "b2c3f5a3-7858-4644-a49a-2eb883d37c91"  # Zementmörtel [m³]
KVH = "703eec32-59af-47e1-9c91-4a32afe3187f"  # Konstruktionsvollholz [m³]
GLULAM = "8041ec07-5885-40dc-bfc9-190013f6749b"  # Brettschichtholz Nadelholz [m³]
PLYWOOD = "cc180aec-8a5c-4e07-b1a0-1ab81dd746ac"  # Sperrholzplatte [m³]
TILES_ROOF = "826fa2c2-c691-4844-83d3-aea0e8a54bcd"  # Dachziegel [m²]
BLOWN_WOOL = "601af947-1f14-474d-8233-780715a12268"  # Einblasdämmung Mineralwolle [m³]
CELLULOSE = "c355d75b-9026-4899-a41c-e5d221c424f2"  # Zellulosefaser Einblas-Dämmstoff [m³]
WOOD_FIBRE = "393f494d-8738-4330-aa5e-1652bb29b574"  # Holzfaserdämmplatte (Nassverfahren) [m³]
WOOL_INTERIOR = "fafd5743-0b42-4614-8e3d-5c4eacdfba98"  # Mineralwolle (Innenausbau-Dämmung) [m³]
WOOL_FACADE = "f8afef87-5de3-4996-838c-1f2af9ef81df"  # Mineralwolle (Fassaden-Dämmung) [m³]
WOOL_FLAT_ROOF = "4477c6ca-b728-41fb-a231-366e159a73df"  # Mineralwolle (Flachdach-Dämmung) [m³]
PLASTERBOARD = "07423e99-8c7c-4e93-8311-dcf7ae85c41d"  # Gipskartonplatte (imprägniert) 12.5 mm [m²]
STUDS = "93edef71-49e3-4e1f-ba6d-1e449e7d328d"  # Stahl Feinblech (bandverzinkt) [kg]
GLAZING = "d941f45e-1244-419c-a083-e4a49fb5498e"  # Isolierglas 2-Scheiben [m²]
PVC_FRAME = "5e90e94d-6e79-4d9f-854c-fb33f15c033e"  # Blendrahmen PVC-U [m]
PVC_SASH = "91ea177a-e65a-4fe2-ac2d-2f378a03e168"  # Flügelrahmen PVC-U [m]
WINDOW_FITTING = "b1efabb9-6371-4b96-9ee2-d1f11f9f3b25"  # Fenster-Beschlag Drehkipp (Alu) [u]
SHUTTER = "3ce53be7-a3e5-4757-b7f9-68a6ecf66eb9"  # Rollladen Kunststoff [m²]
RENDER_LIME = "dea7df16-f59b-4842-a66c-cb9463a58ae3"  # Kalkzement Putzmörtel [m³]
ETICS_RENDER = "49fe2b06-ea9c-4cef-b0a1-a75fd1ed6bf8"  # WDVS Verklebung + Dekorputz mineralisch [m²]
BITUMEN_1 = "ff9336ea-fb7f-4299-8a40-5e9a28538c85"  # Bitumenbahnen PYE PV 200 S5 [m²]
BITUMEN_2 = "d56bd904-09a0-4d30-bdbe-5d4f892cc12b"  # Bitumenbahnen PYE-PV 200 S5 ns (geschiefert) [m²]
SCREED = "0973f221-2284-4892-ae3d-1b8c2986b6dd"  # Zementestrich [kg]
TILES_FLOOR = "bc2f9dde-f2a6-4630-bf7c-0ad3870012ef"  # Steinzeugfliesen unglasiert [m²]
TILE_ADHESIVE = "78b7cd15-d82a-4ffa-ae08-870b6e5d35d4"  # Fliesenkleber [kg]
PVC_FLOOR = "39da14a3-8f39-4af9-955c-6a70f091acb8"  # PVC Fußbodenbelag [m²]
PAINT = "35be6146-5a80-4a9e-a32d-5d05c03a8d5c"  # Innenfarbe Dispersionsfarbe scheuerfest [kg]
HEAT_PUMP_7 = "efa279e8-0ac1-4883-b87c-0cb11e17d265"  # Strom Wärmepumpe (Luft-Wasser) 7kW [u]
HEAT_PUMP_14 = "4a08f220-1c52-453c-bf8f-f209586e96c8"  # Strom Wärmepumpe (Luft-Wasser) 14kW [u]
GAS_BOILER = "0fa37281-b976-458b-880e-46268ca7a294"  # Gas-Brennwertgerät 20-120 kW (Standgerät) [u]
SUBSTATION = "dcd5e23a-9bec-40b6-b07c-1642fe696a2e"  # Übergabestation Fernwärme [kg]
UNDERFLOOR = "ed997c1e-274c-4d38-a5bf-2016693c91a3"  # Fußbodenheizung PEX [m²]
RADIATOR = "c6de5beb-ffe9-4b5f-aba8-c0c2d3528c58"  # Heizkörper [kg]
STEEL_PIPE = "8622539c-592c-45b0-9a4b-e5f8b4fea367"  # Stahlrohr [kg]
DUCT = "b24ae8b5-e28a-42f7-a592-05779a347164"  # Lüftungskanal (verzinktes Stahlblech) [kg]
PEX_PIPE = "9d623359-570b-40ca-8875-60dea3687846"  # Trinkwasserrohr PE-X [kg]
PVC_DRAIN = "e1f7f83b-6f6e-4ed8-a666-0d49682982e1"  # Abwasserrohr PVC [kg]
CERAMICS = "cace7e48-3fb4-4e11-8cc4-fcefc8b4116a"  # Sanitärkeramik [kg]
ACRYLIC_TUB = "f2e34135-bdd8-4e8a-8805-ad089d6d1b92"  # Bade- und Duschwanne Acryl [kg]
CABLE_3 = "ca2a6fc9-8d86-451c-a2d9-592d5288a0ee"  # Kabel 3 adrig [m]
SOCKET = "4cb7ca91-5be5-4fa6-99c1-99f597310351"  # Steckdose [u]
SWITCH = "bafc0f4a-7e8d-4536-b7b5-db8ca8f2ed75"  # Kippschalter [u]
TRUNKING = "57a22bb4-0370-471f-b76c-52699e702966"  # Kabelkanal PVC hart [kg]
CAT7 = "ffff2074-fae0-4b5c-b801-af80f5ce633a"  # Kabel CAT 7 [m]
LIFT_BASE = "cca90907-409d-4f9c-9922-fdc011a0eb6f"  # Fahrstuhl - Grundkomponenten [u]
LIFT_LEVEL = "a074d0aa-68fd-4105-9b27-e9cf0042cb4d"  # Fahrstuhl - Komponenten (stockwerkabhängig) [u]
ASPHALT = "d84cbf6a-0a50-426f-aa3d-c45918b43575"  # Tragdeckschicht [kg]
GRAVEL_BASE = "bd6aa879-e6e6-4181-afc5-1374b2f32dd1"  # Schotter 16/32 [kg]
PE_PIPE = "cd5b784e-497d-4c76-abbd-d66867e1e986"  # Abwasserrohr PE-HD [kg]
EXCAVATION = "f4d930b5-ebe0-4b12-9de0-e2ee391be029"  # Bagger 100 kW Aushub [m³]
PRECAST_STAIRS = "ab0a0f3c-41f6-4b0a-a12c-f8bd0c8a4a23"  # Betonfertigteil Treppe [u]
CEMENT_CEM3 = "55105a8e-947d-47fe-a98e-3bcf356edfdc"  # Zement (CEM III 42,5) [kg]
GRAVEL = "3ce61a4e-4d91-4b1d-b675-276be05b9225"  # Kies 2/32 [kg]
SAND = "61655387-edd4-4800-ba3e-67bc15f2f096"  # Sand 0/2 [kg]
RUBBLE_RECYCLING = "4a937f66-c9c2-402b-9a00-83767031bfa7"  # Bauschuttaufbereitung [kg]
DRINKING_WATER = "ce3057d1-3371-47b4-a982-a1c42c2c6a85"  # Trinkwasser [kg]
DISTRICT_HEAT_BIOMASS = "9adc2b1c-99d8-4bb2-944a-1cff285784eb"  # Fernwärme aus Biomasse (fest) [3.6 MJ]

COLUMNS = ["line_id", "lot", "element", "quantity", "unit", "factor_id", "service_life", "transport_km",
           "transport_mode", "waste_rate", "variant", "replaces", "hypothèse"]  # fmt: skip


def line(
    line_id,
    lot,
    element,
    quantity,
    unit,
    factor_id,
    service_life=None,
    km=None,
    mode=None,
    waste=None,
    variant="",
    replaces="",
    hypothesis="",
):  # type: ignore[no-untyped-def]
    """One inventory line, quantity rounded as a quantity surveyor would."""
    return [
        line_id,
        str(lot),
        element,
        round(quantity, 2),
        unit,
        factor_id,
        service_life,
        km,
        mode,
        waste,
        variant,
        replaces,
        hypothesis,
    ]


def fdes_layout(table: FactorTable) -> pd.DataFrame:
    """The factors as pasted from an FDES: one row per factor and indicator, one column per module,
    then the conversions and the provenance (DESIGN §3, Facteurs, wide layout)."""
    values = table.values.pivot(index=["factor_id", "indicator"], columns="module", values="value")
    values = values.reindex(columns=[m for m in MODULES if m in values.columns])
    values = values.reset_index()
    values["_order"] = values["indicator"].map({k: i for i, k in enumerate(INDICATORS)})
    values = values.sort_values(["factor_id", "_order"]).drop(columns="_order")
    columns = ["name", "declared_unit", "declared_amount", "density", "area_mass", "linear_mass",
               "mass_per_unit", "thickness", "data_type", "standard", "source", "source_id", "version",
               "release", "data_owner", "valid_until", "url", "licence"]  # fmt: skip
    meta = table.meta[columns]
    meta = meta.assign(declared_unit=[pretty_unit(u) for u in meta["declared_unit"]])
    wide = values.merge(meta, left_on="factor_id", right_index=True)
    head = ["factor_id", "name", "indicator", "declared_unit", "declared_amount"]
    return wide[head + [c for c in wide.columns if c not in head]]


# ------------------------------------------------------------------------------------------ house

HOUSE_AREA = 100.0  # m² SHAB, single storey, 120 m² of external walls


def house() -> dict[str, object]:
    """The small example: a single-storey house, masonry baseline and a timber-frame variant."""
    a = HOUSE_AREA
    rows = [
        line(
            "F1",
            2,
            "Dallage béton C20/25",
            a * 0.12,
            "m3",
            CONCRETE_C20,
            100,
            30,
            "route",
            0.02,
            hypothesis="0,12 m³/m² SHAB",
        ),
        line(
            "F2",
            2,
            "Acier HA du dallage",
            a * 0.12 * 80,
            "kg",
            REBAR,
            100,
            250,
            "route",
            hypothesis="80 kg/m³ de béton",
        ),
        line("F3", 2, "Isolant XPS sous dallage", a * 0.10, "m3", XPS, 50, hypothesis="10 cm"),
        line(
            "M1",
            3,
            "Murs en blocs béton (parpaings) 20 cm",
            120 * 0.20,
            "m3",
            BLOCKS,
            100,
            50,
            "route",
            0.05,
            hypothesis="120 m² de murs × 0,20 m",
        ),
        line("M2", 3, "Mortier de pose", 1.2, "m3", MORTAR, 100, hypothesis="0,05 m³/m³ de blocs"),
        line(
            "C1",
            4,
            "Charpente bois massif",
            3.0,
            "m3",
            KVH,
            100,
            200,
            "route",
            0.05,
            hypothesis="0,03 m³/m² SHAB",
        ),
        line(
            "C2",
            4,
            "Tuiles terre cuite",
            a * 1.3,
            "m2",
            TILES_ROOF,
            50,
            300,
            "rail",
            0.05,
            hypothesis="1,3 m² de toiture/m² SHAB",
        ),
        line("C3", 4, "Laine minérale soufflée en combles 30 cm", a * 0.30, "m3", BLOWN_WOOL, 50),
        line(
            "D1",
            5,
            "Plaques de plâtre BA13 (doublages et cloisons)",
            a * 2.5,
            "m2",
            PLASTERBOARD,
            50,
            waste=0.10,
            hypothesis="2,5 m² de plaque/m² SHAB",
        ),
        line("D2", 5, "Laine minérale des doublages 12 cm", 120 * 0.12, "m3", WOOL_INTERIOR, 50, waste=0.05),
        line(
            "E1",
            6,
            "Vitrages isolants des fenêtres",
            a * 0.18,
            "m2",
            GLAZING,
            30,
            hypothesis="18 % de la SHAB",
        ),
        line("E2", 6, "Dormants PVC", a * 0.18 * 4.2, "ml", PVC_FRAME, 30, hypothesis="4,2 ml/m² de vitrage"),
        line("E3", 6, "Enduit de façade chaux-ciment 15 mm", 120 * 0.015, "m3", RENDER_LIME, 50, waste=0.05),
        line(
            "S1",
            7,
            "Chape ciment 5 cm",
            a * 0.05 * 2.4,
            "t",
            SCREED,
            50,
            waste=0.03,
            hypothesis="5 cm à 2 400 kg/m³",
        ),
        line("S2", 7, "Carrelage grès", a, "m²", TILES_FLOOR, 50, waste=0.05),
        line("S3", 7, "Peinture intérieure", 60, "kg", PAINT, 10, hypothesis="0,3 kg/m² sur 200 m² de murs"),
        line("H1", 8, "Pompe à chaleur air/eau 7 kW", 1, "u", HEAT_PUMP_7, 17),
        line("H2", 8, "Plancher chauffant PER", a, "m2", UNDERFLOOR, 50),
        line("P1", 9, "Réseau d'eau en PER", 40, "kg", PEX_PIPE, 50),
        line("P2", 9, "Évacuations PVC", 30, "kg", PVC_DRAIN, 50),
        line(
            "L1", 10, "Câbles électriques 3 conducteurs", a * 4, "ml", CABLE_3, 50, hypothesis="4 ml/m² SHAB"
        ),
        # timber-frame variant: the masonry walls give way to a timber frame with wood-fibre insulation
        line(
            "V1",
            3,
            "Ossature bois des murs",
            4.0,
            "m3",
            KVH,
            100,
            200,
            "route",
            0.05,
            "ossature_bois",
            "M1, M2",
            "120 m² de murs, montants 45×145 à 60 cm",
        ),
        line(
            "V2",
            3,
            "Isolant fibre de bois entre montants 16 cm",
            120 * 0.16,
            "m3",
            WOOD_FIBRE,
            50,
            variant="ossature_bois",
            waste=0.05,
        ),
        line(
            "V3",
            3,
            "Contreventement contreplaqué 12 mm",
            120 * 0.012,
            "m3",
            PLYWOOD,
            50,
            variant="ossature_bois",
            waste=0.08,
        ),
    ]
    materials = pd.DataFrame(rows, columns=COLUMNS)
    energy = pd.DataFrame(
        [
            ["EN1", "électricité", "chauffage", 2500, "kWh/an", "PAC, besoins RE2020 d'une maison récente"],
            ["EN2", "électricité", "ECS", 1200, "kWh/an", "chauffe-eau thermodynamique"],
            ["EN3", "électricité", "éclairage", 300, "kWh/an", ""],
            ["EN4", "électricité", "auxiliaires", 200, "kWh/an", ""],
            ["EN5", "eau", "", 110, "m3/an", "3 personnes × 100 l/j"],
        ],
        columns=["line_id", "carrier", "use", "quantity", "unit", "hypothèse"],
    )
    energy.loc[energy["carrier"] == "eau", "factor_id"] = DRINKING_WATER
    used = sorted(set(materials["factor_id"]) | {DRINKING_WATER})
    factors = fdes_layout(load_table("oekobaudat_2020_II_generic.csv.gz").select(used))
    project = {
        "name": "Maison individuelle — exemple illustratif",
        "building_type": "individual_house", "reference_area": HOUSE_AREA, "dwellings": 1,
        "study_period": 50, "climate_zone": "H2b", "altitude": 40, "permit_year": 2025,
        "method": "en15978", "replacement_rule": "ceil", "attic_area": 0, "heat_network": False,
        "exemple": "Projet illustratif : quantités établies à partir des ratios de la colonne « hypothèse »; "
                   "facteurs réels ÖKOBAUDAT OBD_2020_II (jeux génériques) et facteurs énergie RE2020.",
    }  # fmt: skip
    variants = pd.DataFrame(
        {
            "name": ["base", "ossature_bois"],
            "description": ["Maçonnerie de blocs béton", "Murs à ossature bois"],
        }
    )
    return {"project": project, "materials": materials, "energy": energy, "factors": factors,
            "variants": variants}  # fmt: skip


# ------------------------------------------------------------------------------ collective building

SHAB = 1560.0  # m²: 24 dwellings × 65 m²
LEVELS = 5  # R+4
FOOTPRINT = 380.0  # m² per level
FACADE = 1450.0  # m² of opaque façade
ROOF = FOOTPRINT


def residence() -> dict[str, object]:
    """The realistic example: 24 social dwellings, concrete + gas baseline and two low-carbon variants."""
    s = SHAB
    concrete_superstructure = s * 0.45
    glazing = s * 0.16
    rows = [
        # lot 1 — VRD
        line(
            "1.1",
            1,
            "Voirie : enrobé 6 cm",
            400 * 0.06 * 2400,
            "kg",
            ASPHALT,
            30,
            40,
            "route",
            hypothesis="400 m² de voirie, 6 cm à 2 400 kg/m³",
        ),
        line(
            "1.2",
            1,
            "Voirie : grave de fondation 30 cm",
            400 * 0.30 * 1850,
            "kg",
            GRAVEL_BASE,
            50,
            30,
            "route",
        ),
        line("1.3", 1, "Réseaux enterrés PEHD", 2000, "kg", PE_PIPE, 50, hypothesis="≈ 1,3 kg/m² SHAB"),
        # lot 2 — fondations et infrastructure
        line("2.1", 2, "Terrassement en déblai", 1200, "m3", EXCAVATION, hypothesis="sous-sol partiel"),
        line(
            "2.2",
            2,
            "Fondations et dallage béton C20/25",
            s * 0.12,
            "m3",
            CONCRETE_C20,
            100,
            25,
            "route",
            0.03,
            hypothesis="0,12 m³/m² SHAB",
        ),
        line(
            "2.3",
            2,
            "Acier HA des fondations",
            s * 0.12 * 60,
            "kg",
            REBAR,
            100,
            300,
            "route",
            0.03,
            hypothesis="60 kg/m³",
        ),
        line("2.4", 2, "Isolant XPS sous dallage 10 cm", FOOTPRINT * 0.10, "m3", XPS, 50, waste=0.05),
        # lot 3 — superstructure
        line(
            "3.1",
            3,
            "Voiles et planchers béton C30/37",
            concrete_superstructure,
            "m3",
            CONCRETE_C30,
            100,
            25,
            "route",
            0.03,
            hypothesis="0,45 m³/m² SHAB",
        ),
        line(
            "3.2",
            3,
            "Acier HA de la superstructure",
            concrete_superstructure * 90,
            "kg",
            REBAR,
            100,
            300,
            "route",
            0.03,
            hypothesis="90 kg/m³",
        ),
        line(
            "3.3",
            3,
            "Escaliers préfabriqués béton",
            2 * LEVELS,
            "u",
            PRECAST_STAIRS,
            100,
            hypothesis="2 volées par niveau",
        ),
        # lot 4 — couverture, étanchéité
        line(
            "4.1",
            4,
            "Isolant laine de roche toiture-terrasse 16 cm",
            ROOF * 0.16,
            "m3",
            WOOL_FLAT_ROOF,
            50,
            waste=0.03,
        ),
        line("4.2", 4, "Étanchéité bitumineuse 1re couche", ROOF, "m2", BITUMEN_1, 30, waste=0.10),
        line("4.3", 4, "Étanchéité bitumineuse autoprotégée", ROOF, "m2", BITUMEN_2, 30, waste=0.10),
        # lot 5 — cloisons, doublages
        line(
            "5.1",
            5,
            "Plaques de plâtre des cloisons (2 faces)",
            s * 1.2 * 2,
            "m2",
            PLASTERBOARD,
            50,
            waste=0.10,
            hypothesis="1,2 m² de cloison/m² SHAB",
        ),
        line(
            "5.2",
            5,
            "Rails et montants acier galvanisé",
            s * 1.2 * 1.2,
            "kg",
            STUDS,
            50,
            hypothesis="1,2 kg/m² de cloison",
        ),
        line(
            "5.3",
            5,
            "Laine minérale des cloisons 45 mm",
            s * 1.2 * 0.045,
            "m3",
            WOOL_INTERIOR,
            50,
            waste=0.05,
        ),
        # lot 6 — façades et menuiseries extérieures
        line(
            "6.1",
            6,
            "ITE laine minérale 16 cm",
            FACADE * 0.16,
            "m3",
            WOOL_FACADE,
            50,
            waste=0.05,
            hypothesis=f"{FACADE:.0f} m² de façade opaque",
        ),
        line("6.2", 6, "ITE : collage et enduit minéral", FACADE, "m2", ETICS_RENDER, 30, waste=0.05),
        line("6.3", 6, "Vitrages isolants", glazing, "m2", GLAZING, 30, hypothesis="16 % de la SHAB"),
        line(
            "6.4",
            6,
            "Dormants de fenêtres PVC",
            glazing * 4.2,
            "ml",
            PVC_FRAME,
            30,
            hypothesis="4,2 ml/m² de vitrage",
        ),
        line("6.5", 6, "Ouvrants de fenêtres PVC", glazing * 4.2, "ml", PVC_SASH, 30),
        line(
            "6.6",
            6,
            "Quincaillerie oscillo-battante",
            round(glazing / 1.8),
            "u",
            WINDOW_FITTING,
            30,
            hypothesis="1 par fenêtre de 1,8 m²",
        ),
        line("6.7", 6, "Volets roulants PVC", glazing * 0.8, "m2", SHUTTER, 25),
        # lot 7 — revêtements
        line(
            "7.1",
            7,
            "Chape ciment 5 cm",
            s * 0.05 * 2400,
            "kg",
            SCREED,
            50,
            25,
            "route",
            0.03,
            hypothesis="5 cm à 2 400 kg/m³",
        ),
        line("7.2", 7, "Sols PVC des pièces sèches", s * 0.77, "m2", PVC_FLOOR, 15, waste=0.05),
        line("7.3", 7, "Carrelage grès des pièces humides", s * 0.23, "m2", TILES_FLOOR, 50, waste=0.05),
        line(
            "7.4",
            7,
            "Mortier-colle du carrelage",
            s * 0.23 * 5,
            "kg",
            TILE_ADHESIVE,
            50,
            hypothesis="5 kg/m²",
        ),
        line(
            "7.5",
            7,
            "Peintures intérieures",
            s * 3.5 * 0.3,
            "kg",
            PAINT,
            10,
            hypothesis="3,5 m² de murs et plafonds/m² SHAB, 0,3 kg/m²",
        ),
        # lot 8 — CVC
        line("8.1", 8, "Chaudières gaz à condensation 20-120 kW", 2, "u", GAS_BOILER, 20),
        line(
            "8.2", 8, "Radiateurs acier", 24 * 5 * 25, "kg", RADIATOR, 50, hypothesis="5 radiateurs de 25 kg"
        ),
        line("8.3", 8, "Réseau de chauffage en acier", s * 1.5, "kg", STEEL_PIPE, 50, hypothesis="1,5 kg/m²"),
        line(
            "8.4",
            8,
            "Conduits de ventilation acier galvanisé",
            s * 1.2,
            "kg",
            DUCT,
            30,
            hypothesis="1,2 kg/m²",
        ),
        # lot 9 — plomberie
        line("9.1", 9, "Distribution d'eau en PER", s * 0.6, "kg", PEX_PIPE, 50, hypothesis="0,6 kg/m²"),
        line("9.2", 9, "Évacuations PVC", s * 1.0, "kg", PVC_DRAIN, 50, hypothesis="1 kg/m²"),
        line(
            "9.3",
            9,
            "Appareils sanitaires céramique",
            24 * 60,
            "kg",
            CERAMICS,
            50,
            hypothesis="60 kg/logement",
        ),
        line("9.4", 9, "Receveurs de douche acrylique", 24 * 15, "kg", ACRYLIC_TUB, 25),
        # lot 10 — courant fort
        line("10.1", 10, "Câbles 3 conducteurs", s * 25, "ml", CABLE_3, 50, hypothesis="25 ml/m²"),
        line("10.2", 10, "Prises de courant", 24 * 25, "u", SOCKET, 30),
        line("10.3", 10, "Interrupteurs", 24 * 12, "u", SWITCH, 30),
        line("10.4", 10, "Goulottes PVC", 500, "kg", TRUNKING, 50),
        # lot 11 — courant faible
        line("11.1", 11, "Câble réseau CAT 7", 24 * 250, "ml", CAT7, 50, hypothesis="250 ml/logement"),
        # lot 12 — ascenseur
        line("12.1", 12, "Ascenseur : composants de base", 1, "u", LIFT_BASE, 25),
        line("12.2", 12, "Ascenseur : composants par niveau", LEVELS, "u", LIFT_LEVEL, 25),
    ]
    timber = "bois_biosource"
    rows += [
        line(
            "B3.1",
            3,
            "Noyaux et RDC béton C30/37",
            s * 0.16,
            "m3",
            CONCRETE_C30,
            100,
            25,
            "route",
            0.03,
            timber,
            "3.1",
            "0,16 m³/m² SHAB",
        ),
        line(
            "B3.2",
            3,
            "Acier HA des noyaux et du RDC",
            s * 0.16 * 90,
            "kg",
            REBAR,
            100,
            300,
            "route",
            0.03,
            timber,
            "3.2",
        ),
        line(
            "B3.3",
            3,
            "Poteaux-poutres et planchers bois lamellé-collé",
            s * 0.09,
            "m3",
            GLULAM,
            100,
            400,
            "route",
            0.05,
            timber,
            "",
            "0,09 m³/m² SHAB",
        ),
        line(
            "B3.4",
            3,
            "Murs à ossature bois massif",
            s * 0.06,
            "m3",
            KVH,
            100,
            400,
            "route",
            0.05,
            timber,
            "",
            "0,06 m³/m² SHAB",
        ),
        line(
            "B3.5",
            3,
            "Platelage contreplaqué 22 mm",
            s * 0.022,
            "m3",
            PLYWOOD,
            50,
            400,
            "route",
            0.08,
            timber,
        ),
        line(
            "B6.1",
            6,
            "Isolant fibre de bois 16 cm",
            FACADE * 0.16,
            "m3",
            WOOD_FIBRE,
            50,
            waste=0.05,
            variant=timber,
            replaces="6.1",
        ),
        line(
            "B4.1",
            4,
            "Ouate de cellulose soufflée 24 cm (toiture bois)",
            ROOF * 0.24,
            "m3",
            CELLULOSE,
            50,
            variant=timber,
            replaces="4.1",
        ),
        line(
            "B8.1",
            8,
            "Pompes à chaleur air/eau 14 kW",
            6,
            "u",
            HEAT_PUMP_14,
            17,
            variant=timber,
            replaces="8.1",
        ),
    ]
    cem3 = "beton_bas_carbone_rcu"
    volume = concrete_superstructure
    rows += [
        line(
            "C3.1a",
            3,
            "Béton bas carbone CEM III : ciment",
            volume * 300,
            "kg",
            CEMENT_CEM3,
            100,
            150,
            "route",
            0.03,
            cem3,
            "3.1",
            "300 kg de CEM III/A 42,5 par m³",
        ),
        line(
            "C3.1b",
            3,
            "Béton bas carbone CEM III : gravillons",
            volume * 1100,
            "kg",
            GRAVEL,
            100,
            30,
            "route",
            0.03,
            cem3,
            "",
            "1 100 kg/m³",
        ),
        line(
            "C3.1c",
            3,
            "Béton bas carbone CEM III : sable",
            volume * 750,
            "kg",
            SAND,
            100,
            30,
            "route",
            0.03,
            cem3,
            "",
            "750 kg/m³",
        ),
        line(
            "C3.1d",
            3,
            "Béton bas carbone : fin de vie (concassage des gravats)",
            volume * 2350,
            "kg",
            RUBBLE_RECYCLING,
            100,
            variant=cem3,
            hypothesis="2 350 kg/m³ démolis",
        ),
        line(
            "C8.1",
            8,
            "Sous-station de réseau de chaleur",
            400,
            "kg",
            SUBSTATION,
            30,
            variant=cem3,
            replaces="8.1",
        ),
    ]
    materials = pd.DataFrame(rows, columns=COLUMNS)
    energy = pd.DataFrame(
        [["EN1", "gaz naturel", "chauffage", s * 45, "kWh/an", "", "", "", "45 kWh/m² SHAB·an"],
         ["EN2", "gaz naturel", "ECS", s * 25, "kWh/an", "", "", "", "25 kWh/m² SHAB·an"],
         ["EN3", "électricité", "éclairage", s * 4, "kWh/an", "", "", "", "4 kWh/m²·an"],
         ["EN4", "électricité", "auxiliaires", s * 5, "kWh/an", "", "", "", "5 kWh/m²·an"],
         ["EN5", "eau", "", 24 * 2.3 * 0.148 * 365, "m3/an", DRINKING_WATER, "", "",
          "2,3 personnes × 148 l/j"],
         ["B-EN1", "électricité", "chauffage", s * 45 / 3.0, "kWh/an", "", timber, "EN1",
          "PAC, COP saisonnier 3"],
         ["B-EN2", "électricité", "ECS", s * 25 / 2.5, "kWh/an", "", timber, "EN2", "PAC, COP 2,5"],
         ["C-EN1", "réseau de chaleur", "chauffage", s * 45, "kWh/an", DISTRICT_HEAT_BIOMASS, cem3, "EN1",
          "réseau majoritairement biomasse : valeur du réseau à saisir, ici le jeu générique ÖKOBAUDAT "
          "« Fernwärme aus Biomasse (fest) »"],
         ["C-EN2", "réseau de chaleur", "ECS", s * 25, "kWh/an", DISTRICT_HEAT_BIOMASS, cem3, "EN2", ""]],
        columns=["line_id", "carrier", "use", "quantity", "unit", "factor_id", "variant", "replaces",
                 "hypothèse"])  # fmt: skip
    energy["quantity"] = energy["quantity"].round(0)
    project = {
        "name": "Résidence collective sociale — exemple illustratif",
        "building_type": "collective_housing", "reference_area": s, "dwellings": 24, "study_period": 50,
        "climate_zone": "H1b", "altitude": 150, "permit_year": 2025, "method": "en15978",
        "replacement_rule": "ceil", "attic_area": 0, "heat_network": False,
        "exemple": "Projet illustratif (24 logements sociaux, R+4, 1 560 m² SHAB) : quantités établies "
                   "à partir des ratios de la colonne « hypothèse »; facteurs réels ÖKOBAUDAT "
                   "OBD_2020_II (jeux génériques, production allemande) et facteurs énergie "
                   "conventionnels RE2020.",
    }  # fmt: skip
    variants = pd.DataFrame({
        "name": ["base", timber, cem3],
        "description": ["Béton armé, ITE laine minérale, chaudières gaz",
                        "Bois lamellé-collé et ossature bois, isolants biosourcés, pompes à chaleur",
                        "Béton bas carbone au CEM III, réseau de chaleur biomasse"],
    })  # fmt: skip
    return {"project": project, "materials": materials, "energy": energy, "factors": None,
            "variants": variants}  # fmt: skip


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in (("maison_individuelle.xlsx", house), ("residence_collective.xlsx", residence)):
        write_workbook(OUT / name, lang="fr", **build())  # type: ignore[arg-type]
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()

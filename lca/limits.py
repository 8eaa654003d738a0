"""Every bound on what lca reads from an untrusted file, in one place.

Project files come from many hands; a broken or hostile file must end in results or in a clear
message, within bounded time and memory, and nothing may be cut without an issue saying so. Each
limit below is named in the message of the issue or error raised when it is hit, with the way to
raise it where there is one (``--max-rows`` on the command line, ``max_rows=`` in Python).
"""

from __future__ import annotations

# ----------------------------------------------------------------------------------------- files
#: Largest file read at all (workbook, CSV, gzip file as stored). [bytes]
MAX_FILE_BYTES = 512 * 2**20
#: Largest text read from one CSV file or one gzip-compressed CSV, after decompression. [bytes]
MAX_TEXT_BYTES = 256 * 2**20
#: Largest total uncompressed size of the members of a workbook (the zip directory is checked before
#: anything is read). [bytes]
MAX_UNZIPPED_BYTES = 512 * 2**20
#: Largest ratio of uncompressed to compressed size of one workbook member above
#: :data:`ZIP_RATIO_FLOOR` (deflate reaches about 1,000; real sheets stay well below 100).
MAX_ZIP_RATIO = 250
#: Members smaller than this are not held to :data:`MAX_ZIP_RATIO`. [bytes]
ZIP_RATIO_FLOOR = 16 * 2**20
#: Most members in a workbook's zip directory.
MAX_ZIP_MEMBERS = 10_000

# ---------------------------------------------------------------------------------------- sheets
#: Most sheets read from one workbook (or CSV files from one folder); the others are listed in an issue.
MAX_SHEETS = 64
#: Most data rows read from one sheet or CSV file by default; the rows beyond are reported, not read.
#: Raised with ``--max-rows`` (command line) or ``max_rows=`` (Python).
MAX_ROWS = 200_000
#: Most cells of one sheet's used range (rows x columns, from the first to the last cell that holds
#: anything): the spreadsheet reader allocates the whole range, about 32 bytes a cell.
MAX_SHEET_CELLS = 10_000_000
#: Longest text of one cell (Excel's own limit); longer cells are cut, with an issue. [characters]
MAX_CELL_CHARS = 32_767
#: Longest field of a CSV file read at all (Python's csv module's own default). [characters]
MAX_CSV_FIELD_CHARS = 131_072

# ----------------------------------------------------------------------------------------- units
#: Longest unit spelling read (``kWh/(m2.an)`` has 11). [characters]
MAX_UNIT_CHARS = 40
#: Most unit symbols in one spelling (``kg*km`` has 2).
MAX_UNIT_TERMS = 6
#: Largest power of a unit symbol (``m3``, ``m^-2``), in absolute value.
MAX_UNIT_POWER = 4

# ---------------------------------------------------------------------------------------- values
#: Largest quantity of an inventory or energy line, in its own unit (1 Mt in kg, 1 TWh/yr in kWh).
MAX_QUANTITY = 1e9
#: Largest transport distance of a line (the length of the equator is 40,075 km). [km]
MAX_DISTANCE_KM = 40_000.0
#: Largest waste rate of a line, as a fraction of the installed quantity (100 %). [-]
MAX_WASTE_RATE = 1.0
#: Largest service life of a line or a factor. [years]
MAX_SERVICE_LIFE = 1_000.0
#: Smallest service life of a line or a factor (shorter is a typing error, days for years; it would
#: also make the number of replacements overflow). [years]
MIN_SERVICE_LIFE = 1.0
#: Largest study period. [years]
MAX_STUDY_PERIOD = 1_000.0
#: Largest whole number read on the Projet sheet (dwellings; a larger one cannot be written back to a
#: spreadsheet as a number). A permit year has four digits.
MAX_COUNT = 1_000_000
#: Largest area read on the Projet sheet (reference area, attic area): 100 km² of floor. [m²]
MAX_AREA = 1e8
#: Largest absolute value of a factor, per declared amount of its declared unit.
MAX_FACTOR_VALUE = 1e12
#: Largest declared amount of a factor, and largest conversion property (density, area mass...).
MAX_FACTOR_PROPERTY = 1e9

#: The limits that ``--max-rows`` raises, and their default.
ROW_OPTION = "--max-rows"


def limits_table() -> list[tuple[str, float, str]]:
    """Every limit as ``(name, value, how to raise it)``, for the documentation and ``lca validate``."""
    raise_rows = f"{ROW_OPTION} N on the command line, max_rows=N in Python"
    fixed = "fixed"
    return [
        ("MAX_FILE_BYTES", MAX_FILE_BYTES, fixed),
        ("MAX_TEXT_BYTES", MAX_TEXT_BYTES, fixed),
        ("MAX_UNZIPPED_BYTES", MAX_UNZIPPED_BYTES, fixed),
        ("MAX_ZIP_RATIO", MAX_ZIP_RATIO, fixed),
        ("ZIP_RATIO_FLOOR", ZIP_RATIO_FLOOR, fixed),
        ("MAX_ZIP_MEMBERS", MAX_ZIP_MEMBERS, fixed),
        ("MAX_SHEETS", MAX_SHEETS, fixed),
        ("MAX_ROWS", MAX_ROWS, raise_rows),
        ("MAX_SHEET_CELLS", MAX_SHEET_CELLS, fixed),
        ("MAX_CELL_CHARS", MAX_CELL_CHARS, fixed),
        ("MAX_CSV_FIELD_CHARS", MAX_CSV_FIELD_CHARS, fixed),
        ("MAX_UNIT_CHARS", MAX_UNIT_CHARS, fixed),
        ("MAX_UNIT_TERMS", MAX_UNIT_TERMS, fixed),
        ("MAX_UNIT_POWER", MAX_UNIT_POWER, fixed),
        ("MAX_QUANTITY", MAX_QUANTITY, fixed),
        ("MAX_DISTANCE_KM", MAX_DISTANCE_KM, fixed),
        ("MAX_WASTE_RATE", MAX_WASTE_RATE, fixed),
        ("MAX_SERVICE_LIFE", MAX_SERVICE_LIFE, fixed),
        ("MIN_SERVICE_LIFE", MIN_SERVICE_LIFE, fixed),
        ("MAX_STUDY_PERIOD", MAX_STUDY_PERIOD, fixed),
        ("MAX_COUNT", MAX_COUNT, fixed),
        ("MAX_AREA", MAX_AREA, fixed),
        ("MAX_FACTOR_VALUE", MAX_FACTOR_VALUE, fixed),
        ("MAX_FACTOR_PROPERTY", MAX_FACTOR_PROPERTY, fixed),
    ]

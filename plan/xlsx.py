"""Reading an .xlsx file that anyone may have crafted, in one bounded pass.

openpyxl trusts a workbook: its read-only reader makes an empty row for every missing row number
(a row numbered 20,000,000 costs minutes), parses a sheet twice when it has no `<dimension>`,
drops rows beyond a declared dimension or out of order without a word, keeps every shared string
in memory whatever its length, and reports a DOCTYPE as "could not read worksheets from None".

This reader streams each XML part of the archive through expat once and stops at the first thing
beyond the limits: inflated bytes (counted as read, whatever the zip's headers claim), rows (by
count and by number), columns, characters in one cell (counted as they stream, before they are
kept), XML elements, rows out of order or beyond the declared dimension, and any DOCTYPE or entity
declaration (no spreadsheet program writes one). What it returns is the cells' values, with each
formula's text kept beside its cached value so that the caller refuses it (or accepts the boolean
constants LibreOffice writes, see `boolean_constant`).
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

CHUNK = 64 * 1024
# Parts a workbook from a person never needs: macros (a .xlsm renamed), links to other files,
# ActiveX controls and embedded objects.
FOREIGN_PARTS = ("vbaproject", "externallink", "activex", "embeddings", ".bin")
PRINTER_SETTINGS = "xl/printersettings/"  # Excel keeps the chosen printer's settings in a .bin: harmless
EXCEL_CELL_LIMIT = 32_767  # the most characters Excel itself keeps in one cell
CELL_REFERENCE = re.compile(r"([A-Z]{1,7})([0-9]{1,12})$")
BOOLEAN_FORMULAS = {"TRUE()": True, "TRUE": True, "FALSE()": False, "FALSE": False}
TYPES = "[Content_Types].xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"


@dataclass(frozen=True)
class Limits:
    """What one kind of workbook may hold; rows count the header and every row, empty or not, and
    `cells` every cell of the workbook (the CPU a file may cost grows with it)."""

    rows: int
    columns: int
    cells: int
    text: int = EXCEL_CELL_LIMIT
    inflated: int = 50 * 1024 * 1024  # bytes of all parts together, once unzipped

    def elements(self) -> int:
        """XML elements a part may hold: a cell is at most five (c, v, f, is, t), plus slack."""
        return 5 * self.cells + 2 * self.rows + 20_000


class WorkbookRefused(Exception):
    """The file is refused; `key` names the reason and `params` its details (sheet, cell, limit)."""

    def __init__(self, key: str, **params: object) -> None:
        self.key, self.params = key, params
        super().__init__(f"{key}: {params}")


@dataclass(frozen=True)
class Cell:
    """A cell's value as stored (text, int, float, bool, datetime), and its formula, if any."""

    row: int
    column: int
    value: object
    formula: str | None = None

    @property
    def coordinate(self) -> str:
        return f"{column_letters(self.column)}{self.row}"


@dataclass
class Sheet:
    """A worksheet's rows as present in the file: (row number, its cells from column A on)."""

    title: str
    rows: list[tuple[int, list[Cell | None]]] = field(default_factory=list)

    def values(self, max_rows: int | None = None) -> Iterator[tuple[int, list[object]]]:
        for number, cells in self.rows[:max_rows]:
            yield number, [c.value if c is not None else None for c in cells]


def read_workbook(data: bytes, limits: Limits) -> dict[str, Sheet]:
    """The workbook's worksheets by tab name, in tab order; raise `WorkbookRefused` for anything
    beyond `limits`. A file that is not a workbook at all is refused as `damaged`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError):
        raise WorkbookRefused("damaged", part="", detail="not a zip archive") from None
    with archive:
        parts = archive.infolist()
        _check_members(parts, limits)
        reader = _Reader(archive, limits)
        return reader.read(parts)


def check_workbook(data: bytes, limits: Limits) -> None:
    """Raise `WorkbookRefused` when `read_workbook` would."""
    read_workbook(data, limits)


def boolean_constant(cell: Cell) -> bool | None:
    """True or False when the cell's formula is a boolean constant whose cached value matches
    (LibreOffice saves every boolean as `TRUE()` or `FALSE()`); None for any other formula."""
    if cell.formula is None:
        return None
    constant = BOOLEAN_FORMULAS.get(cell.formula.strip().lstrip("=").strip().upper())
    if constant is None or not isinstance(cell.value, bool) or cell.value is not constant:
        return None
    return constant


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_members(parts: list[zipfile.ZipInfo], limits: Limits) -> None:
    declared = sum(part.file_size for part in parts)
    if declared > limits.inflated:
        raise WorkbookRefused("inflates_too_much", size=_mb(declared), limit=_mb(limits.inflated))
    if len(parts) > 1000:
        raise WorkbookRefused("damaged", part="", detail=f"{len(parts)} parts")
    for part in parts:
        name = part.filename.lower()
        if any(f in name for f in FOREIGN_PARTS) and not name.startswith(PRINTER_SETTINGS):
            raise WorkbookRefused("foreign_part", part=part.filename)


def _mb(size: int) -> int:
    return max(1, round(size / (1024 * 1024)))


def _local(tag: str) -> str:
    return tag.rsplit(" ", 1)[-1]


def _part_path(target: str, base: str = "xl") -> str:
    """A relationship's target as a member name: absolute from the root, or relative to `base`."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


class _Reader:
    """One pass over the parts: the small ones that say where things are, then shared strings,
    styles and sheets, with one budget of inflated bytes and one of cells for the whole file."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.archive, self.limits = archive, limits
        self.names = set(archive.namelist())
        self.inflated = 0
        self.cells = 0

    def read(self, parts: list[zipfile.ZipInfo]) -> dict[str, Sheet]:
        sheets, epoch = self._sheet_list()
        types = self._collect(TYPES) if TYPES in self.names else []
        strings_part = next(
            (a.get("PartName", "").lstrip("/") for t, a in types
             if t == "Override" and a.get("ContentType", "").endswith(".sharedStrings+xml")),
            "",
        )  # fmt: skip
        styles_part = next(
            (a.get("PartName", "").lstrip("/") for t, a in types
             if t == "Override" and a.get("ContentType", "").endswith(".styles+xml")),
            "xl/styles.xml",
        )  # fmt: skip
        strings = self._strings(strings_part)
        dates = self._date_styles(styles_part)
        done = {TYPES, WORKBOOK_RELS, "xl/workbook.xml", strings_part, styles_part}
        by_part = {part: title for title, part in sheets}
        read: dict[str, Sheet] = {}
        for info in parts:
            name = info.filename
            if name in by_part:
                scan = _SheetScan(by_part[name], self, strings, dates, epoch)
                self.stream(info, scan)
                read[by_part[name]] = scan.sheet
            elif name not in done and name.endswith((".xml", ".rels", ".vml")):
                self.stream(info, _Part(name, self.limits))
        return {title: read[title] for title, _ in sheets if title in read}

    def stream(self, info: zipfile.ZipInfo, scan: _Part) -> None:
        parser = scan.parser()
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    self.inflated += len(chunk)
                    if self.inflated > self.limits.inflated:
                        limit = _mb(self.limits.inflated)
                        raise WorkbookRefused("inflates_too_much", size=f"> {limit}", limit=limit)
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise WorkbookRefused("damaged", part=scan.name, detail=expat.ErrorString(error.code)) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError,
                NotImplementedError) as error:  # fmt: skip
            raise WorkbookRefused("damaged", part=scan.name, detail=str(error)[:200]) from None

    def _collect(self, name: str) -> list[tuple[str, dict[str, str]]]:
        collector = _Collector(name, self.limits)
        self.stream(self.archive.getinfo(name), collector)
        return collector.found

    def _sheet_list(self) -> tuple[list[tuple[str, str]], dt.datetime]:
        """Each worksheet's tab name and part, in tab order, and the workbook's date epoch."""
        if "xl/workbook.xml" not in self.names or WORKBOOK_RELS not in self.names:
            raise WorkbookRefused("damaged", part="xl/workbook.xml", detail="missing")
        found = self._collect("xl/workbook.xml")
        targets = {a.get("Id"): (a.get("Type", ""), _part_path(a.get("Target", "")))
                   for t, a in self._collect(WORKBOOK_RELS) if t == "Relationship"}  # fmt: skip
        sheets = [
            (a.get("name", ""), targets[a["id"]][1])
            for t, a in found
            if t == "sheet" and a.get("id") in targets and targets[a["id"]][0].endswith("/worksheet")
        ]
        properties = next((a for t, a in found if t == "workbookPr"), {})
        mac = properties.get("date1904", "").lower() in ("1", "true")
        return sheets, CALENDAR_MAC_1904 if mac else CALENDAR_WINDOWS_1900

    def _strings(self, name: str) -> list[str | None]:
        """The shared strings; one longer than a cell may hold is kept as None (never its text)."""
        if name not in self.names:
            return []
        scan = _Strings(name, self.limits)
        self.stream(self.archive.getinfo(name), scan)
        return scan.strings

    def _date_styles(self, name: str) -> set[int]:
        """The cell styles (by index) whose number format shows a date."""
        if name not in self.names:
            return set()
        found = self._collect(name)
        formats = {int(a["numFmtId"]): a.get("formatCode", "") for t, a in found
                   if t == "numFmt" and a.get("numFmtId", "").isdigit()}  # fmt: skip
        dates, index, in_cell_xfs = set(), 0, False
        for tag, attrs in found:
            if tag in ("cellXfs", "cellStyleXfs", "dxfs"):
                in_cell_xfs = tag == "cellXfs"
            elif tag == "xf" and in_cell_xfs:
                number = int(attrs.get("numFmtId", "0")) if attrs.get("numFmtId", "0").isdigit() else 0
                code = formats.get(number, BUILTIN_FORMATS.get(number, "General"))
                if is_date_format(code):
                    dates.add(index)
                index += 1
        return dates


class _Part:
    """One XML part through expat: no DOCTYPE, a bounded number of elements, and no text longer
    than a cell may hold (counted as it streams)."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name, self.limits = name, limits
        self.elements, self.seen, self.text_length = limits.elements(), 0, 0

    def parser(self) -> expat.XMLParserType:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        return parser

    def _doctype(self, *_: object) -> None:
        raise WorkbookRefused("xml_declarations", part=self.name)

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.seen += 1
        self.text_length = 0
        if self.seen > self.elements:
            raise WorkbookRefused("too_many_elements", part=self.name, limit=self.elements)

    def end(self, tag: str) -> None:
        self.text_length = 0

    def text(self, data: str) -> None:
        self.text_length += len(data)
        if self.text_length > self.limits.text:
            raise WorkbookRefused("text_too_long", part=self.name, limit=self.limits.text)


class _Collector(_Part):
    """A small part whose elements' attributes are kept (sheet list, relationships, styles)."""

    def __init__(self, name: str, limits: Limits) -> None:
        super().__init__(name, limits)
        self.found: list[tuple[str, dict[str, str]]] = []

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        super().start(tag, attributes)
        self.found.append((_local(tag), {_local(k): v for k, v in attributes.items()}))


class _Strings(_Part):
    """The shared strings, each the text of its `<t>` elements outside phonetic runs."""

    def __init__(self, name: str, limits: Limits) -> None:
        super().__init__(name, limits)
        self.strings: list[str | None] = []
        self.pieces: list[str] = []
        self.length, self.in_text, self.phonetic = 0, False, False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        super().start(tag, attributes)
        name = _local(tag)
        if name == "si":
            if len(self.strings) >= self.limits.cells:
                raise WorkbookRefused("too_many_elements", part=self.name, limit=self.limits.cells)
            self.pieces, self.length = [], 0
        elif name == "rPh":
            self.phonetic = True
        elif name == "t":
            self.in_text = not self.phonetic

    def end(self, tag: str) -> None:
        super().end(tag)
        name = _local(tag)
        if name == "si":
            self.strings.append("".join(self.pieces) if self.length <= self.limits.text else None)
        elif name == "rPh":
            self.phonetic = False
        elif name == "t":
            self.in_text = False

    def text(self, data: str) -> None:
        """A string too long for a cell is not kept; a cell using it is refused with its name."""
        if not self.in_text:
            return
        self.length += len(data)
        if self.length <= self.limits.text:
            self.pieces.append(data)


class _SheetScan(_Part):
    """A worksheet: rows bounded by count and by number, columns bounded, cells' text bounded,
    and the cells' values collected."""

    def __init__(self, title: str, reader: _Reader, strings: list, dates: set[int], epoch) -> None:
        super().__init__(title, reader.limits)
        self.reader, self.strings, self.dates, self.epoch = reader, strings, dates, epoch
        self.sheet = Sheet(title)
        self.rows = self.row = self.column = 0
        self.last_row: int | None = None  # from <dimension>
        self.cells: list[Cell | None] = []
        self.kind = self.style = ""
        self.pieces: dict[str, list[str]] = {}
        self.current = ""  # the element whose text is being read: v, f or t (of an inline string)
        self.length = 0
        self.phonetic = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        super().start(tag, attributes)
        name = _local(tag)
        if name == "c":
            self._cell(attributes.get("r"), attributes.get("t", "n"), attributes.get("s", "0"))
        elif name in ("v", "f") or (name == "t" and not self.phonetic):
            self.current = name
            self.pieces.setdefault(name, [])
            if name == "f":
                self.pieces["f"].append("")  # a shared formula has no text but is a formula all the same
        elif name == "rPh":
            self.phonetic = True
        elif name == "row":
            self._row(attributes.get("r"))
        elif name == "dimension":
            last = CELL_REFERENCE.match(attributes.get("ref", "").rsplit(":", 1)[-1].replace("$", ""))
            self.last_row = int(last.group(2)) if last else None

    def _row(self, number: str | None) -> None:
        self._end_row()
        self.rows += 1
        previous, self.row = self.row, self._whole(number) if number is not None else self.row + 1
        self.column = 0
        if self.rows > self.limits.rows:
            raise WorkbookRefused("too_many_rows", sheet=self.name, limit=self.limits.rows)
        if self.row > self.limits.rows:
            raise WorkbookRefused("row_beyond_limit", sheet=self.name, row=self.row, limit=self.limits.rows)
        if self.last_row is not None and self.row > self.last_row:
            raise WorkbookRefused("beyond_dimension", sheet=self.name, row=self.row, last=self.last_row)
        if self.row <= previous:  # openpyxl would drop such a row without a word
            raise WorkbookRefused("rows_out_of_order", sheet=self.name, row=self.row, previous=previous)

    def _end_row(self) -> None:
        if self.rows and any(c is not None for c in self.cells):
            self.sheet.rows.append((self.row, self.cells))
        self.cells = []

    def _cell(self, reference: str | None, kind: str, style: str) -> None:
        if reference is None:
            self.column += 1
        else:
            found = CELL_REFERENCE.match(reference)
            if found is None:
                raise WorkbookRefused("damaged", part=self.name, detail=f"cell {reference[:20]}")
            self.column = column_number(found.group(1))
        if self.column > self.limits.columns:
            last = column_letters(self.limits.columns)
            raise WorkbookRefused("column_beyond_limit", sheet=self.name, cell=self._here(), last=last)
        self.reader.cells += 1
        if self.reader.cells > self.limits.cells:
            raise WorkbookRefused("too_many_cells", limit=self.limits.cells)
        self.kind, self.style, self.pieces, self.length = kind, style, {}, 0

    def _here(self) -> str:
        return f"{column_letters(self.column)}{self.row}"

    def text(self, data: str) -> None:
        if not self.current:
            super().text(data)
            return
        self.length += len(data)
        if self.length > self.limits.text:
            raise WorkbookRefused("cell_too_long", sheet=self.name, cell=self._here(), limit=self.limits.text)
        self.pieces[self.current].append(data)

    def end(self, tag: str) -> None:
        super().end(tag)
        name = _local(tag)
        if name in ("v", "f", "t"):
            self.current = ""
        elif name == "rPh":
            self.phonetic = False
        elif name == "c":
            self._keep_cell()
        elif name == "sheetData":
            self._end_row()

    def _keep_cell(self) -> None:
        value = self._value()
        formula = "".join(self.pieces["f"]) if "f" in self.pieces else None
        if value is None and formula is None:
            return
        self.cells.extend([None] * (self.column - len(self.cells)))
        self.cells[self.column - 1] = Cell(self.row, self.column, value, formula)

    def _value(self) -> object:
        if self.kind == "inlineStr":
            return "".join(self.pieces.get("t", [])) if "t" in self.pieces else None
        if "v" not in self.pieces:
            return None
        text = "".join(self.pieces["v"])
        if not text.strip() and self.kind != "str":
            return None
        if self.kind == "s":
            return self._shared(text)
        if self.kind in ("str", "e"):
            return text
        if self.kind == "b":
            return text.strip() in ("1", "true")
        if self.kind == "d":
            return _iso_date(text)
        return self._number(text)

    def _shared(self, text: str) -> str:
        index = int(text) if text.strip().isdigit() else -1
        if not 0 <= index < len(self.strings):
            raise WorkbookRefused("damaged", part=self.name, detail=f"cell {self._here()}")
        value = self.strings[index]
        if value is None:
            raise WorkbookRefused("cell_too_long", sheet=self.name, cell=self._here(), limit=self.limits.text)
        return value

    def _number(self, text: str) -> object:
        text = text.strip()
        try:
            number = int(text) if re.fullmatch(r"-?\d{1,18}", text) else float(text)
        except ValueError:
            raise WorkbookRefused("damaged", part=self.name, detail=f"cell {self._here()}") from None
        if self.style.isdigit() and int(self.style) in self.dates:
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return number

    def _whole(self, text: str) -> int:
        if not text.isdigit():
            raise WorkbookRefused("damaged", part=self.name, detail=f"row {text[:20]}")
        if len(text) > 12:
            raise WorkbookRefused("row_beyond_limit", sheet=self.name, row=text[:20], limit=self.limits.rows)
        return int(text)


def _iso_date(text: str) -> object:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return text

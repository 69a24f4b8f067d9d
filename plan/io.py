"""The plan file: read it (YAML, JSON or the Excel workbook), write it, and its JSON Schema."""

from __future__ import annotations

import datetime as dt
import errno
import io
import json
import re
from itertools import islice
from pathlib import Path

import yaml

from plan.changes import apply_changes, is_change_file
from plan.errors import PlanInvalid, PlanProblem
from plan.model import Plan
from plan.validation import UNSAFE_TEXT, validate_document

MAX_FILE_MB = 10
DATE_FIELDS = {"start", "end", "deadline", "baseline_date", "target_date"}
SCHEMA_PATH = Path(__file__).with_name("plan.schema.json")
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MERGE_TAG = "tag:yaml.org,2002:merge"
# Written into the file: C0 controls but tab, line feed and carriage return, and DEL.
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_plan_file(path: str | Path) -> Plan:
    """Read and validate a plan file (or a change file beside the file it changes); raise
    `PlanInvalid` listing every problem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        detail = {errno.ENOENT: "not_found", errno.EACCES: "no_permission"}.get(error.errno, "os_error")
        raise PlanInvalid([PlanProblem(path.name, "", "", "unreadable_file", {"detail": detail})]) from None
    return read_plan_bytes(data, name=path.name, folder=path.parent)


def _changed_document(folder: Path, name: str, changes: dict) -> dict:
    """A change file's plan: the file it changes (itself perhaps a change file), changed."""
    base_path = folder / str(changes["changes_to"])
    try:
        base = _parse_text(base_path.read_bytes(), base_path.name)
    except OSError as error:
        detail = "changed_file_not_found" if error.errno == errno.ENOENT else "changed_file_unreadable"
        params = {"detail": detail, "value": base_path.name}
        raise PlanInvalid([PlanProblem(name, "", "changes_to", "unreadable_file", params)]) from None
    if is_change_file(base):
        base = _changed_document(folder, base_path.name, base)
    return apply_changes(base, changes, file=name)


def read_plan_bytes(data: bytes, *, name: str, folder: Path | None = None) -> Plan:
    """Validate a plan from the bytes of an uploaded or read file named `name`. A change file
    is read only from a `folder` that holds the file it changes."""
    _check_size(data, name)
    if not data.strip():
        raise PlanInvalid([_problem(name, "empty_file")])
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        from plan.workbook import read_plan_workbook

        return read_plan_workbook(io.BytesIO(data), name=name)
    if suffix not in {".yaml", ".yml", ".json"}:
        raise PlanInvalid([_problem(name, "unsupported_format", suffix or name)])
    raw = _parse_text(data, name)
    if is_change_file(raw):
        if folder is None:
            raise PlanInvalid([_problem(name, "change_file_alone", raw.get("changes_to"))])
        raw = _changed_document(folder, name, raw)
    return validate_document(raw, file=name)


def _check_size(data: bytes, name: str) -> None:
    size_mb = len(data) / 1_000_000
    if size_mb > MAX_FILE_MB:
        params = {"value": f"{size_mb:.1f}", "limit": MAX_FILE_MB}
        raise PlanInvalid([PlanProblem(name, "", "", "file_too_large", params)])


def _parse_text(data: bytes, name: str) -> object:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanInvalid([PlanProblem(name, "", "", "unreadable_file", {"detail": "not_utf8"})]) from None
    written = _raw_control_characters(text, name)
    if written:
        raise PlanInvalid(written)
    loader = _StrictLoader(text)
    try:
        raw = loader.get_single_data()
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, outside the C0 range
        raise PlanInvalid([_control_problem(name, text, error.position, chr(error.character))]) from None
    except yaml.YAMLError as error:
        raise PlanInvalid([PlanProblem(name, "", "", "syntax_error", _yaml_problem(error))]) from None
    finally:
        loader.dispose()
    if loader.findings:
        raise PlanInvalid([PlanProblem(name, "", "", key, params) for key, params in loader.findings])
    if raw is None:
        raise PlanInvalid([_problem(name, "empty_file")])
    return raw


# PyYAML's problems (libyaml's and the pure-Python parser's wording), by kind: the message a
# person reads is the catalogue's, in their language, with the line and column PyYAML gives.
YAML_PROBLEMS = (
    (re.compile(r"could not find expected ':'"), "yaml_missing_colon"),
    (re.compile(r"expected '(.)' or '(.)'"), "yaml_missing_either"),
    (re.compile(r"expected '(.)'(?! indicator)"), "yaml_missing"),
    (re.compile(r"expected key"), "yaml_missing_key"),
    (
        re.compile(r"expected '-' indicator|expected <block end>|block sequence entries"),
        "yaml_bad_indentation",
    ),
    (re.compile(r"expected node content"), "yaml_missing_value"),
    (re.compile(r"mapping values are not allowed"), "yaml_colon_not_allowed"),
    (re.compile(r"cannot start any token|found a tab character"), "yaml_bad_character"),
    (re.compile(r"undefined alias"), "yaml_undefined_alias"),
    (re.compile(r"unexpected end of stream|end of stream"), "yaml_unexpected_end"),
    (re.compile(r"escape"), "yaml_bad_escape"),
    (re.compile(r"nesting depth|recursion"), "yaml_too_deep"),
    (re.compile(r"constructor for the tag|could not determine"), "yaml_unsafe_tag"),
    (re.compile(r"duplicate anchor|found duplicate"), "yaml_duplicate_anchor"),
)


def _yaml_problem(error: yaml.YAMLError) -> dict[str, object]:
    """The parameters of a syntax error: where it is and what kind it is (never PyYAML's words).
    A character YAML does not allow at all is told before this, as a control character."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = str(getattr(error, "problem", None) or error)
    params: dict[str, object] = {
        "line": mark.line + 1 if mark else "?",
        "column": mark.column + 1 if mark else "?",
    }
    for pattern, detail in YAML_PROBLEMS:
        found = pattern.search(problem)
        if found:
            tokens = [g for g in found.groups() if g]
            return params | {"detail": detail} | dict(zip(("token", "other"), tokens, strict=False))
    return params | {"detail": "yaml_other"}


class _StrictLoader(YAML_LOADER):
    """Safe YAML that keeps what a plain load hides: a key written twice in one mapping (the
    second silently wins) and a control character written as an escape ("\\u0000")."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.findings: list[tuple[str, dict]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[tuple[str, str], int] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE_TAG:
                continue
            line, key = key_node.start_mark.line + 1, (key_node.tag, key_node.value)
            if key in seen:
                params = {"value": key_node.value[:60], "first": seen[key], "second": line}
                self.findings.append(("duplicate_key", params))
            seen.setdefault(key, line)
        return super().construct_mapping(node, deep=deep)

    def construct_strict_str(self, node: yaml.ScalarNode) -> str:
        value = self.construct_yaml_str(node)
        found = UNSAFE_TEXT.search(value)
        if found:
            mark = node.start_mark
            params = {"value": _code_point(found.group()), "line": mark.line + 1, "column": mark.column + 1}
            self.findings.append(("control_character", params))
        return value


_StrictLoader.add_constructor("tag:yaml.org,2002:str", _StrictLoader.construct_strict_str)


def _raw_control_characters(text: str, name: str, most: int = 20) -> list[PlanProblem]:
    """Control characters written into the file itself, each with its line and column."""
    return [
        _control_problem(name, text, m.start(), m.group()) for m in islice(RAW_CONTROL.finditer(text), most)
    ]


def _control_problem(name: str, text: str, position: int, character: str) -> PlanProblem:
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    params = {"value": _code_point(character), "line": line, "column": column}
    return PlanProblem(name, "", "", "control_character", params)


def _code_point(character: str) -> str:
    return f"U+{ord(character):04X}"


def _problem(name: str, key: str, value: object = "") -> PlanProblem:
    return PlanProblem(name, "", "", key, {"value": value})


def plan_document(plan: Plan) -> dict:
    """The plan as plain data in file order, dates kept as dates, empty fields left out."""
    return _restore_dates(plan.model_dump(mode="json", exclude_none=True, exclude_defaults=True))


def _restore_dates(value: object, key: str = "") -> object:
    if isinstance(value, dict):
        return {k: _restore_dates(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore_dates(v) for v in value]
    if key in DATE_FIELDS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def plan_yaml(plan: Plan, *, header: str = "") -> str:
    """The plan as the human-editable YAML file, with an optional comment header."""
    body = yaml.safe_dump(
        plan_document(plan), allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
    )
    comments = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return comments + body


def write_plan_file(plan: Plan, path: str | Path, *, header: str = "") -> None:
    """Write the plan as YAML, JSON or the Excel workbook, chosen by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from plan.workbook import write_plan_workbook

        write_plan_workbook(plan, path)
    elif suffix == ".json":
        path.write_text(plan.model_dump_json(indent=2, exclude_none=True), encoding="utf-8")
    else:
        path.write_text(plan_yaml(plan, header=header), encoding="utf-8")


def plan_json_schema() -> dict:
    """The published JSON Schema of the plan file, generated from the models."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "National implementation plan of the Global Compact for Migration"
    return schema


def plan_json_schema_text() -> str:
    return json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n"

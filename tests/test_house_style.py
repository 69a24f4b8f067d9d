"""The code stays ruff clean (lint and format), so every change starts from a clean house."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_code_is_ruff_clean(command):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency: pip install -e '.[test]'"
    result = subprocess.run([ruff, *command], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _calls(tree, names: set[str]):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names:
            if isinstance(node.func.value, ast.Name) and node.func.value.id == "st":
                yield node


def _starts_with(node) -> str:
    """The literal text a string or f-string argument starts with."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _starts_with(node.values[0])
    return ""


def _keyword(call, name: str):
    return next((k.value for k in call.keywords if k.arg == name and isinstance(k.value, ast.Constant)), None)


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_headings_have_no_anchor_links(path):
    """Streamlit's "link to heading" anchors are an English Tab stop on every heading."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for call in _calls(tree, {"title", "header", "subheader"}):
        anchor = _keyword(call, "anchor")
        assert anchor is not None and anchor.value is False, f"{path.name}:{call.lineno} needs anchor=False"
    for call in _calls(tree, {"markdown"}):
        if _starts_with(call.args[0] if call.args else None).lstrip().startswith("#"):
            anchors = _keyword(call, "anchors")
            assert anchors is not None and anchors.value is False, (
                f"{path.name}:{call.lineno} needs anchors=False"
            )


def test_charts_are_drawn_only_through_the_helper_that_gives_them_text_and_a_table():
    for path in sorted((ROOT / "pages").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        drawn = [
            call.lineno for call in _calls(tree, {"plotly_chart", "altair_chart", "pyplot", "bar_chart"})
        ]
        allowed = path.name == "_widgets.py"
        assert allowed or not drawn, f"{path.name}:{drawn}: draw charts with pages._widgets.chart()"

"""`plan` is the pure core: importing it must not bring in the database or the UI."""

import subprocess
import sys


def test_plan_package_imports_neither_streamlit_nor_sqlmodel():
    code = (
        "import sys, plan, plan.io, plan.workbook, plan.diff;"
        "print(sorted(m for m in ('streamlit', 'sqlmodel', 'sqlalchemy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_monitoring_does_not_import_streamlit():
    code = (
        "import sys, monitoring.cli, monitoring.catalog, monitoring.plan_store, monitoring.i18n;"
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

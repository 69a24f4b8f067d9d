"""The front door: which pages exist, and who sees which. Nothing else."""

from pathlib import Path

import streamlit as st

from monitoring.auth import Role
from monitoring.page_language import language_tag
from monitoring.settings import get_settings
from pages._frame import page_frame
from pages._widgets import language, language_switch, login_form, session_user, t

PLAN_PAGES = [
    ("pages/plan.py", "nav.plan", ":material/account_tree:"),
    ("pages/measure.py", "nav.measure", ":material/description:"),
    ("pages/bodies.py", "nav.bodies", ":material/account_balance:"),
]
DASHBOARD_PAGES = [
    ("pages/dashboard.py", "nav.dashboard", ":material/dashboard:"),
    ("pages/trends.py", "nav.trends", ":material/timeline:"),
    ("pages/indicators.py", "nav.indicators", ":material/monitoring:"),
    ("pages/brief.py", "nav.brief", ":material/print:"),
]
STATEMENT_PAGE = ("pages/accessibility.py", "nav.accessibility", ":material/accessibility_new:")
# Pages that need an account, and the roles that see them. The services check every
# permission again: hiding a page is for clarity, not for security.
WORK_PAGES = [
    (
        "pages/report.py",
        "nav.report",
        ":material/edit_note:",
        {Role.FOCAL_POINT, Role.SECRETARIAT, Role.ADMIN},
    ),
    (
        "pages/report_excel.py",
        "nav.report_excel",
        ":material/upload_file:",
        {Role.FOCAL_POINT, Role.SECRETARIAT, Role.ADMIN},
    ),
    (
        "pages/validate.py",
        "nav.validate",
        ":material/task_alt:",
        {Role.VALIDATOR, Role.SECRETARIAT, Role.ADMIN},
    ),
    (
        "pages/balance.py",
        "nav.balance",
        ":material/summarize:",
        {Role.SECRETARIAT, Role.COMMITTEE, Role.ADMIN},
    ),
    ("pages/completeness.py", "nav.completeness", ":material/fact_check:", {Role.SECRETARIAT, Role.ADMIN}),
    ("pages/audit.py", "nav.audit", ":material/history:", {Role.SECRETARIAT, Role.ADMIN}),
    ("pages/users.py", "nav.users", ":material/group:", {Role.SECRETARIAT, Role.ADMIN}),
    ("pages/load_plan.py", "nav.load_plan", ":material/upload_file:", {Role.SECRETARIAT, Role.ADMIN}),
]


def run() -> None:
    st.set_page_config(page_title=t("app.title"), page_icon=":material/public:", layout="wide")
    language_switch()
    user = session_user()
    pages = {t("nav.section.plan"): [page(*entry) for entry in PLAN_PAGES]}
    if get_settings().public_page:
        pages[t("nav.section.plan")].append(page("pages/public.py", "nav.public", ":material/public:"))
    pages[t("nav.section.plan")].append(page(*STATEMENT_PAGE))
    if user is None:
        pages[t("nav.section.account")] = [page("pages/login.py", "nav.login", ":material/login:"), *guards()]
    else:
        pages[t("nav.section.dashboards")] = [page(*entry) for entry in DASHBOARD_PAGES]
        work = [page(path, key, icon) for path, key, icon, roles in WORK_PAGES if user.role in roles]
        if work:
            pages[t("nav.section.work")] = work
        pages[t("nav.section.account")] = [page("pages/account.py", "nav.account", ":material/person:")]
    current = st.navigation(pages, expanded=True)
    # Each page its own title, so tabs, history and screen readers can tell pages apart.
    st.set_page_config(page_title=f"{current.title} · {t('app.title')}")
    page_frame(
        lang_tag=language_tag(language()) or "pt-PT",
        page=current.url_path,
        skip_label=t("a11y.skip"),
        browse_label=t("frame.browse"),
    )
    current.run()


def guards() -> list[st.Page]:
    """A link to a page that needs an account opens the sign-in form at the same address;
    pages are known by their address, so after signing in the page itself runs, filters kept."""
    paths = [entry[0] for entry in DASHBOARD_PAGES + WORK_PAGES] + ["pages/account.py"]
    return [
        st.Page(login_form, title=t("nav.login"), url_path=Path(path).stem, visibility="hidden")
        for path in paths
    ]


def page(path: str, title_key: str, icon: str) -> st.Page:
    return st.Page(path, title=t(title_key), icon=icon, default=path == "pages/plan.py")


run()

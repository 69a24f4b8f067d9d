"""The accessibility statement (declaração de acessibilidade), public, in the chosen language,
after the model of Decreto-Lei n.º 83/2018: conformance, known limitations, the last check, and
where to report a barrier."""

from urllib.parse import urlsplit

import streamlit as st

from monitoring import accessibility
from monitoring.auth import MANAGERS
from monitoring.i18n import LANGUAGES
from monitoring.settings import get_settings
from pages._widgets import date_text, language, session_user, t


def show() -> None:
    st.title(t("nav.accessibility"), anchor=False)
    st.write(t("statement.intro"))
    st.write(t("statement.scope", service=t("app.title")))
    address = _address()
    if address:
        st.write(t("statement.address", address=address))
    st.header(t("statement.h.status"), anchor=False)
    level = {"standard": accessibility.STANDARD, "level": accessibility.LEVEL}
    st.markdown(t(f"statement.status.{accessibility.CONFORMANCE}", **level))
    if accessibility.LIMITATIONS:
        st.header(t("statement.h.limitations"), anchor=False)
        st.write(t("statement.limitations"))
        st.markdown("\n".join(f"- {t(f'statement.limitation.{name}')}" for name in accessibility.LIMITATIONS))
    st.header(t("statement.h.preparation"), anchor=False)
    st.write(
        t(
            "statement.preparation",
            date=date_text(accessibility.LAST_CHECKED),
            axe=accessibility.AXE_CORE_VERSION,
            languages=accessibility.language_list(list(LANGUAGES), language()),
        )
    )
    st.header(t("statement.h.contact"), anchor=False)
    _contact()
    st.header(t("statement.h.enforcement"), anchor=False)
    st.write(t("statement.enforcement"))


def _contact() -> None:
    contact = accessibility.barrier_contact(get_settings().accessibility_contact)
    if contact is None:
        st.info(t("statement.no_contact"))
        user = session_user()
        if user is not None and user.role in MANAGERS:
            st.caption(t("statement.no_contact.operator"))
        return
    shown = _escape(contact.text)
    st.markdown(t("statement.contact", contact=f"[{shown}]({contact.href})" if contact.href else shown))


def _address() -> str:
    """This service's own address (scheme and host), as the browser reached it."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _escape(text: str) -> str:
    """A configured text shown as it is, never as Markdown."""
    return "".join(f"\\{ch}" if ch in "\\`*_{}[]()#+-.!|<>~$" else ch for ch in text)


show()

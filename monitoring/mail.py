"""Reminders by e-mail: off unless an SMTP server is named in the settings."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from monitoring.settings import Settings, get_settings


def mail_configured(settings: Settings | None = None) -> bool:
    settings = settings or get_settings()
    return bool(settings.smtp_host and settings.smtp_sender)


def send_reminders(reminders: list[dict], *, subject: str, settings: Settings | None = None) -> int:
    """Send each reminder's text to its focal point over one SMTP connection; returns how many."""
    settings = settings or get_settings()
    if not mail_configured(settings):
        return 0
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as server:
        server.starttls()
        if settings.smtp_user:
            server.login(settings.smtp_user, settings.smtp_password or "")
        for reminder in reminders:
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = (
                settings.smtp_sender,
                reminder["email"],
                subject,
            )
            message.set_content(reminder["text"])
            server.send_message(message)
    return len(reminders)

"""Reminder e-mails go out only when an SMTP server is configured."""

from __future__ import annotations

from monitoring.mail import mail_configured, send_reminders
from monitoring.settings import Settings

REMINDERS = [{"email": "fp@example.pt", "text": "O reporte de 2020-03 continua em falta."}]


class FakeSMTP:
    sent: list = []

    def __init__(self, host, port, timeout):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        self.user = user

    def send_message(self, message):
        FakeSMTP.sent.append((message["To"], message["Subject"], message.get_content().strip()))


def test_nothing_is_sent_without_an_smtp_server():
    settings = Settings(smtp_host=None)
    assert not mail_configured(settings)
    assert send_reminders(REMINDERS, subject="Lembrete", settings=settings) == 0


def test_each_reminder_goes_to_its_focal_point(monkeypatch):
    monkeypatch.setattr("smtplib.SMTP", FakeSMTP)
    FakeSMTP.sent = []
    settings = Settings(smtp_host="smtp.example.pt", smtp_sender="pnipgm@example.pt", smtp_user="u")
    assert send_reminders(REMINDERS, subject="Lembrete", settings=settings) == 1
    assert FakeSMTP.sent == [("fp@example.pt", "Lembrete", "O reporte de 2020-03 continua em falta.")]

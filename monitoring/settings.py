"""One settings object for the whole platform, read from the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MONITORING_", extra="ignore")

    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "MONITORING_DATABASE_URL")
    )
    data_dir: Path = ROOT / "var"
    default_plan_file: Path = ROOT / "data" / "pnipgm.yaml"
    load_default_plan: bool = True
    public_page: bool = True  # the public balance page, open without signing in
    # Where people report an accessibility barrier (an e-mail address, an https address or a
    # telephone number), shown on the accessibility statement; none is shown until it is set.
    accessibility_contact: str | None = None
    # Free text (narratives) in what is published: from validated months only, or none at all
    narratives_in_workbook: Literal["validated", "none"] = "validated"
    narratives_in_open_data: Literal["validated", "none"] = "none"
    # The key of the report history's audit chain (see monitoring/audit_chain.py and README):
    # hex keys, the first one signs, the others are retired keys still accepted when verifying.
    audit_key: SecretStr | None = None
    audit_key_file: Path | None = None
    # The monthly reporting methodology
    closing_day: int = Field(default=10, ge=1, le=28)
    outlier_factor: float = Field(default=10.0, gt=1)
    reopen_days: int = Field(default=7, ge=1, le=60)
    stalled_months: int = Field(default=6, ge=1, le=120)  # no change of stage for this long: stalled
    timezone: str = "Europe/Lisbon"  # for a plan whose file names none: closing moments, "today"
    # Months after a plan's end during which its late measures are still followed: the pages'
    # default month never goes past the end of this follow-up period.
    follow_up_months: int = Field(default=6, ge=0, le=120)
    # Accounts
    min_password_length: int = Field(default=10, ge=8)
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    max_failed_logins: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)
    session_timeout_minutes: int = Field(default=60, ge=5)  # idle time after which a session ends
    session_max_hours: int = Field(default=12, ge=1, le=720)  # a session's lifetime, whatever the activity
    # Mark the session cookie `Secure` (sent over HTTPS only): set it when a proxy serves HTTPS.
    secure_cookies: bool = False
    # Reminders by e-mail are off unless a server is named
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_sender: str | None = None
    # The connection pool of each app process, for a server database (not SQLite)
    pool_size: int = Field(default=5, ge=1)
    max_overflow: int = Field(default=10, ge=0)
    pool_timeout: int = Field(default=30, ge=1)  # seconds to wait for a free connection
    pool_recycle: int = Field(default=1800, ge=-1)  # seconds before a connection is renewed; -1: never

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if not known_zone(value):
            raise ValueError(f"unknown time zone: {value!r} (an IANA name such as Europe/Lisbon)")
        return value

    def resolved_database_url(self) -> str:
        """`DATABASE_URL` if set, else the embedded SQLite file under the data directory."""
        if self.database_url:
            return normalise_url(self.database_url)
        return f"sqlite:///{self.data_dir / 'monitoring.sqlite'}"

    def embedded_database(self) -> bool:
        return self.resolved_database_url().startswith("sqlite")


def known_zone(name: str) -> bool:
    """An IANA time zone name this machine knows (Europe/Lisbon, Atlantic/Azores, UTC, ...)."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain PostgreSQL URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()

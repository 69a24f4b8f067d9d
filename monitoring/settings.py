"""One settings object for the whole platform, read from the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
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
    language: str = "pt"

    def resolved_database_url(self) -> str:
        """`DATABASE_URL` if set, else the embedded SQLite file under the data directory."""
        if self.database_url:
            return normalise_url(self.database_url)
        return f"sqlite:///{self.data_dir / 'monitoring.sqlite'}"


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain PostgreSQL URLs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()

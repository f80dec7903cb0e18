"""Alembic environment: URL from horologen.config, metadata from horologen.models."""

import logging
from logging.config import fileConfig

from sqlmodel import SQLModel

import horologen.models  # noqa: F401 - registers the tables on SQLModel.metadata
from alembic import context
from horologen.config import get_settings
from horologen.db import make_engine

config = context.config
if config.config_file_name is not None and not config.attributes.get("skip_logging_config"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

log = logging.getLogger("alembic.env")
target_metadata = SQLModel.metadata


def _url() -> str:
    return config.attributes.get("database_url") or get_settings().sqlalchemy_url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


# Indexes on expressions live in their migrations only (0017): autogenerate cannot compare an
# expression with the models, so `alembic check` leaves them out ("include_object",
# https://alembic.sqlalchemy.org/en/latest/api/runtime.html#alembic.runtime.environment.EnvironmentContext.configure.params.include_object).
EXPRESSION_INDEXES = frozenset({"ix_master_products_stock_compact", "ix_master_products_stock_compact_trgm"})


def include_object(_object: object, name: str | None, type_: str, reflected: bool, _compare_to: object) -> bool:
    return not (type_ == "index" and reflected and name in EXPRESSION_INDEXES)


def run_migrations_online() -> None:
    settings = get_settings()
    url = _url()
    log.info("migrating %s", settings.database_label if url == settings.sqlalchemy_url else "given database")
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
                include_object=include_object,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

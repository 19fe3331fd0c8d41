"""Storage: the contract adapters implement, and where the default store lives.

Open a store with :func:`halt_core.connect` (a store URL picks the adapter), then work in
units of work::

    import halt_core

    with halt_core.connect("sqlite:////var/lib/halt/halt.sqlite3") as store:
        with store.unit_of_work() as uow:
            uow.partners.add(partner)

The contract is split by idea: :mod:`~halt_core.storage.store` (:class:`Store`),
:mod:`~halt_core.storage.unit_of_work` (:class:`UnitOfWork`),
:mod:`~halt_core.storage.repository` (:class:`Repository`), :mod:`~halt_core.storage.outbox`
(:class:`Outbox`) and :mod:`~halt_core.storage.rows` (what passes between them);
:mod:`~halt_core.storage.retrying` runs a unit of work again after a retryable failure;
:mod:`~halt_core.storage.records` says what a store keeps of each kind of record;
:mod:`~halt_core.storage.repairs` normalises stored records the model has grown stricter
about, and describes what it had to set aside (:class:`SetAside`). Every name is importable
from here. The errors are in :mod:`halt_core.errors`; the built-in adapters
(memory, SQLite, PostgreSQL) live in :mod:`halt_adapters.storage`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from halt_core.errors import (
    AlreadyExists,
    ConcurrencyConflict,
    DeletionRefused,
    NotLoaded,
    SchemaTooNew,
    StoreUnavailable,
    TransactionAborted,
    UnitOfWorkClosed,
    UnknownScheme,
)
from halt_core.storage.changes import Changed, ChangesNotKept
from halt_core.storage.deliveries import Claimed, Deliveries, NotificationsUnsupported
from halt_core.storage.outbox import HistoryUnsupported, Outbox
from halt_core.storage.privacy_log import DisclosureQuery, PrivacyLog, PrivacyLogUnsupported
from halt_core.storage.records import RECORD_KINDS, Index, RecordKind, trainer_key
from halt_core.storage.repairs import SetAside, repair_partner_document
from halt_core.storage.repository import Repository
from halt_core.storage.retrying import Attempt, is_retryable, retrying
from halt_core.storage.rows import Row, Selection, Versioned
from halt_core.storage.store import Store
from halt_core.storage.unit_of_work import UnitOfWork
from halt_core.storage.urls import SECRET_PARAMETERS, redact_url

__all__ = [
    "RECORD_KINDS",
    "SECRET_PARAMETERS",
    "STORE_URL_VARIABLE",
    "AlreadyExists",
    "Attempt",
    "Changed",
    "ChangesNotKept",
    "Claimed",
    "ConcurrencyConflict",
    "DeletionRefused",
    "Deliveries",
    "DisclosureQuery",
    "HistoryUnsupported",
    "Index",
    "NotLoaded",
    "NotificationsUnsupported",
    "Outbox",
    "PrivacyLog",
    "PrivacyLogUnsupported",
    "RecordKind",
    "Repository",
    "Row",
    "SchemaTooNew",
    "Selection",
    "SetAside",
    "Store",
    "StoreUnavailable",
    "TransactionAborted",
    "UnitOfWork",
    "UnitOfWorkClosed",
    "UnknownScheme",
    "Versioned",
    "default_store_url",
    "is_retryable",
    "redact_url",
    "repair_partner_document",
    "retrying",
    "trainer_key",
    "user_data_dir",
]

STORE_URL_VARIABLE = "HALT_STORE_URL"
"""The environment variable that overrides the default store URL."""


def user_data_dir() -> Path:
    r"""The per-user folder halt keeps its data in (nothing is created here).

    - Linux and other Unix: ``$XDG_DATA_HOME/halt``, or ``~/.local/share/halt``;
    - macOS: ``~/Library/Application Support/halt``;
    - Windows: ``%LOCALAPPDATA%\\halt``.
    """
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "halt"


def default_store_url() -> str:
    """The store :func:`halt_core.connect` opens when given no URL.

    ``$HALT_STORE_URL`` when set; otherwise an SQLite file, ``halt.sqlite3`` in
    :func:`user_data_dir`.
    """
    configured = os.environ.get(STORE_URL_VARIABLE, "").strip()
    if configured:
        return configured
    return "sqlite:///" + (user_data_dir() / "halt.sqlite3").as_posix()

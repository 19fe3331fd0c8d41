"""The regional office the app serves: its arrondissement, its store, its rules, its clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from halt_core import AMSTERDAM, Area, AreaKind, Arrondissement, NotFound
from halt_core.storage import Store, redact_url

from office_rules import office_rule_set


class Office:
    """One regional office: what every page and every request of the app works with.

    Attributes:
        arrondissement: the office's arrondissement.
        area: the same, as an area (for the stores' area queries).
        store: where the network is kept (opened and closed around the app).
        gazetteer: the store's gazetteer, to name municipalities.
        rules: the rules a request is checked with.
        clock: what time it is (a function, so a test could fix it).

    """

    def __init__(
        self,
        store: Store,
        arrondissement: Arrondissement,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.store = store
        self.arrondissement = arrondissement
        self.area = Area.arrondissement(arrondissement)
        self.gazetteer = store.gazetteer
        self.rules = office_rule_set()
        self.clock = clock or (lambda: dt.datetime.now(AMSTERDAM))

    @property
    def store_name(self) -> str:
        """The store's URL as pages show it: its secrets replaced by ``***``."""
        return redact_url(self.store.url)

    def municipality_name(self, area: Area) -> str:
        """The name of a municipality area, or a description of any other area."""
        if area.kind is AreaKind.MUNICIPALITY:
            try:
                return self.gazetteer.municipality(area.codes[0]).name
            except NotFound:
                pass
        if area.kind is AreaKind.ARRONDISSEMENT:
            return f"arrondissement {area.codes[0]}"
        return str(area)

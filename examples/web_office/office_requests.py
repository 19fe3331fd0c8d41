"""A school's requests and the store: the form's choices, a new request, a stored one.

A request is checked as part of the whole stored network, so rules that compare records (a
trainer booked twice, a session outside its commission's period) see the rest; only the
violations about this request are reported.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from halt_core import Intervention, InterventionId, NotFound
from halt_core.rules import Report

from office_context import Office
from office_form import Choices, build_request, choices_in
from office_problems import Problems


def form_choices(office: Office) -> Choices:
    """What the request form offers to choose from, read in a unit of work of its own."""
    with office.store.unit_of_work() as uow:
        return choices_in(uow, office.area)


def register_request(
    office: Office, values: Mapping[str, Any]
) -> tuple[Intervention | None, Problems, Choices]:
    """Build, check and (when no error is found) store the request; return what happened.

    Returns the stored request (None when it was not stored), its problems, and the form's
    choices to show it again with. Errors keep a request from being stored; warnings and
    advice do not (the confirmation page shows them).
    """
    problems = Problems()
    with office.store.unit_of_work() as uow:
        choices = choices_in(uow, office.area)
        intervention = build_request(values, choices, problems)
        if intervention is None:
            return None, problems, choices
        report = office.rules.check_value(
            intervention, uow.load_network(), gazetteer=office.gazetteer, now=office.clock()
        )
        for violation in report:
            problems.add_violation(violation)
        if problems.blocking:
            return None, problems, choices
        uow.interventions.add(intervention)
    return intervention, problems, choices


def stored_request(
    office: Office, id: uuid.UUID
) -> tuple[Intervention, Report, dict[uuid.UUID, str]] | None:
    """A stored request, what the rules say about it now, and the names of its partners.

    Returns None when there is no request ``id``.
    """
    with office.store.unit_of_work() as uow:
        network = uow.load_network()
    try:
        intervention = network.intervention(InterventionId(id))
    except NotFound:
        return None
    report = office.rules.check_value(
        intervention, network, gazetteer=office.gazetteer, now=office.clock()
    )
    names: dict[uuid.UUID, str] = {p.id: p.name for p in network.partners}
    names.update((c.id, c.name) for c in network.collaborations)
    return intervention, report, names

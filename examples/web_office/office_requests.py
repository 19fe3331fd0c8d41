"""A school's requests and the store: the form's choices, a new request, a stored one.

A request is checked as part of the stored network, so rules that compare records (a
trainer booked twice, a session outside its commission's period) see the rest; only the
violations about this request are reported. It reads only what those rules need
(:func:`halt_core.scoped.gather`), never the whole store.

A stored request is shown with its version, which its edit form carries back: a change saves
only over the version the person saw (``expected_version``), so a colleague's change made
in the meantime is never overwritten unseen.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from halt_core import ConcurrencyConflict, Intervention, InterventionId, InvalidValue, NotFound
from halt_core.model import Network
from halt_core.rules import Report, Subject
from halt_core.scoped import gather
from halt_core.storage import UnitOfWork

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
        intervention = build_request(values, choices, problems, office.clock().date())
        if intervention is None:
            return None, problems, choices
        report = office.rules.check_value(
            intervention,
            _around(uow, intervention, office),
            gazetteer=office.gazetteer,
            now=office.clock(),
        )
        for violation in report:
            problems.add_violation(violation)
        if problems.blocking:
            return None, problems, choices
        uow.interventions.add(intervention)
    return intervention, problems, choices


def _around(uow: UnitOfWork, intervention: Intervention, office: Office) -> Network:
    """The records the rules read to check ``intervention``, read through the store's indexes.

    Not the whole store: what it names, and what the network rules compare it with (its
    trainers' other sessions, its collaboration's state), so a request is checked as fast in a
    national store as in a small one.
    """
    gathered = gather(uow, {Subject.INTERVENTION: [intervention]}, [r.id for r in office.rules])
    return gathered.network


@attrs.frozen
class StoredRequest:
    """A stored request as its page shows it.

    Attributes:
        intervention: the request.
        version: its stored version, carried by the edit form.
        report: what the rules say about it now.
        names: the names of the partners and commissions it refers to, by id.

    """

    intervention: Intervention
    version: int
    report: Report
    names: dict[uuid.UUID, str]


def stored_request(office: Office, id: uuid.UUID) -> StoredRequest | None:
    """A stored request, its version, what the rules say about it, its partners' names.

    Returns None when there is no request ``id``.
    """
    with office.store.unit_of_work() as uow:
        found = uow.interventions.find(InterventionId(id))
        if found is None:
            return None
        intervention = found
        network = _around(uow, intervention, office)
        version = uow.interventions.version_of(intervention.id)
    report = office.rules.check_value(
        intervention, network, gazetteer=office.gazetteer, now=office.clock()
    )
    names: dict[uuid.UUID, str] = {p.id: p.name for p in network.partners}
    names.update((c.id, c.name) for c in network.collaborations)
    return StoredRequest(intervention, version, report, names)


@attrs.frozen
class NotesChange:
    """What became of a change to a request's notes.

    Attributes:
        outcome: ``"saved"``, ``"conflict"`` (someone else changed it since it was shown),
            ``"invalid"`` (the notes were refused) or ``"missing"`` (no such request).
        problem: for ``"invalid"``, what was wrong, in Dutch.
        current: for ``"conflict"``, the request as it is stored now, and its version.

    """

    outcome: str
    problem: str | None = None
    current: tuple[Intervention, int] | None = None


MAX_NOTES = 2000
"""The longest notes the form accepts (the model's own limit)."""


def change_notes(office: Office, id: uuid.UUID, version: int, notes: str) -> NotesChange:
    """Save ``notes`` on request ``id`` only if it is still at ``version``."""
    with office.store.unit_of_work() as uow:
        current = uow.interventions.find(InterventionId(id))
        if current is None:
            return NotesChange("missing")
        try:
            changed = attrs.evolve(current, notes=notes.strip())
        except InvalidValue:
            return NotesChange("invalid", problem=f"Gebruik hooguit {MAX_NOTES} tekens.")
        try:
            uow.interventions.save(changed, expected_version=version)
        except ConcurrencyConflict:
            uow.rollback()
            now = uow.interventions.get_versioned(current.id)
            return NotesChange("conflict", current=(now.value, now.version))
        except NotFound:
            return NotesChange("missing")
    return NotesChange("saved")

"""The problems of a submitted request form, in Dutch, by the form field they are about.

Three kinds of problem end up here: the form's own (an empty or unreadable field), the
model's (:class:`~halt_core.errors.InvalidValue`, which names a class and a field) and the
rules' (:class:`~halt_core.rules.Violation`, which names its rule). The tables below say next
to which form field each is shown.
"""

from __future__ import annotations

import attrs

from halt_core import InvalidValue
from halt_core.rules import Severity, Violation

from office_dutch import SEVERITY_NL

TOP = ""
"""The "field" of problems that concern the request as a whole: shown above the form."""

RULE_FIELDS = {
    "HC-INTERV-001": "school",
    "HC-INTERV-002": "ages",
    "HC-INTERV-003": "school",
    "HC-INTERV-004": "audience",
    "HC-INTERV-006": "audience",
    "HC-INTERV-007": "session_date",
    "HC-INTERV-008": "session_time",
    "HC-INTERV-009": "trainer",
    "HC-INTERV-014": "school",
    "HC-INTERV-016": "problem_areas",
    "OFFICE-INTERV-001": "requested_on",
    "OFFICE-INTERV-002": "session_date",
    "OFFICE-INTERV-003": "session_date",
    "OFFICE-INTERV-004": "session_time",
}
"""The form field each rule's violations are shown next to; other rules' go on top."""

MODEL_FIELDS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("Intervention", "title"): ("title", "Geef de aanvraag een titel van hoogstens 200 tekens."),
    ("Intervention", "notes"): ("notes", "Een toelichting is hoogstens 2000 tekens lang."),
    ("TargetGroup", "description"): (
        "group_description",
        "Beschrijf de doelgroep in hoogstens 200 tekens, bijvoorbeeld: groep 8.",
    ),
    ("TargetGroup", "size"): (
        "group_size",
        "Het aantal leerlingen is een heel getal van 1 tot en met 100.000.",
    ),
    ("AgeRange", "minimum"): ("ages", "Een leeftijd is een heel getal van 0 tot en met 120."),
    ("AgeRange", "maximum"): ("ages", "Een leeftijd is een heel getal van 0 tot en met 120."),
    ("Session", "location"): (
        "session_location",
        "Vul een locatie in van hoogstens 200 tekens, bijvoorbeeld: lokaal 12.",
    ),
    ("Session", "trainer"): (
        "trainer",
        "Een trainer is een medewerkerscode van 1 tot 32 letters, cijfers, punten, streepjes "
        "of liggende streepjes, bijvoorbeeld halt-ams-01.",
    ),
    # The model's own Dutch says what a start in the clock change's gap or fold needs.
    ("Session", "start"): ("session_time", None),
    ("Session", "end"): ("session_time", "De eindtijd moet na de begintijd liggen."),
}
"""For a model error about (class, field): the form field it is shown next to, and what to
type instead, in Dutch; None to show the model's own Dutch message (``message("nl")``), which
names the class and field and is shown for a (class, field) not listed here too."""


FIELDS = {
    "school": ("school", "School"),
    "kind": ("kind", "Soort"),
    "title": ("title", "Titel"),
    "problem_areas": ("problem_areas-0", "Onderwerp"),
    "collaboration": ("collaboration", "Valt onder opdracht"),
    "requested_on": ("requested_on", "Aangevraagd op"),
    "audience": ("audience", "Voor wie"),
    "group_description": ("group_description", "Omschrijving"),
    "group_size": ("group_size", "Aantal leerlingen"),
    "ages": ("age_min", "Leeftijd"),
    "session_date": ("session_date", "Datum"),
    "session_time": ("session_start", "Tijd"),
    "session_location": ("session_location", "Locatie"),
    "trainer": ("trainer", "Trainer"),
    "notes": ("notes", "Opmerkingen"),
}
"""Each form field with problems: the id of its (first) input, which the error summary links
to, and its label, in the order of the form."""


@attrs.frozen
class Message:
    """One problem shown on the form, in Dutch.

    Attributes:
        text: what is wrong and what to do.
        severity: an error keeps the request from being saved; a warning or advice does not.
        rule_id: the rule that found it, or None for the model's and the form's own checks.

    """

    text: str
    severity: Severity = Severity.ERROR
    rule_id: str | None = None

    @property
    def label(self) -> str:
        """The severity in Dutch."""
        return SEVERITY_NL[self.severity]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


class Problems:
    """The problems of one submitted form, by the field they are about (:data:`TOP`: none)."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[Message]] = {}

    def add(self, field: str, message: Message | str) -> None:
        """Note ``message`` (a text is an error) about ``field``."""
        if isinstance(message, str):
            message = Message(message)
        found = self.by_field.setdefault(field, [])
        if message not in found:  # e.g. both ages wrong: one message, counted once
            found.append(message)

    def add_model_error(self, error: InvalidValue) -> None:
        """Note a model error and the others it carries, each next to its form field.

        A field the form's own checks found wrong already (a required field left empty)
        keeps that message alone: the model would only say the same less clearly.
        """
        for one in (error, *error.also):
            field, text = MODEL_FIELDS.get((one.owner, one.field), (TOP, None))
            if field != TOP and field in self.by_field:
                continue
            self.add(field, text or _sentence(one.message("nl")))

    def add_violation(self, violation: Violation) -> None:
        """Note a rule violation next to the field its rule is about."""
        field = RULE_FIELDS.get(violation.rule_id, TOP)
        self.add(field, Message(violation.message("nl"), violation.severity, violation.rule_id))

    @property
    def blocking(self) -> bool:
        """Whether any problem is an error (which keeps the request from being saved)."""
        return any(m.severity is Severity.ERROR for ms in self.by_field.values() for m in ms)

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def in_order(self) -> list[tuple[str, str, str, list[Message]]]:
        """The fields with problems as the form shows them: (field, input id, label, messages).

        The problems about the request as a whole (:data:`TOP`) are not among them.
        """
        return [
            (field, target, label, self.by_field[field])
            for field, (target, label) in FIELDS.items()
            if self.by_field.get(field)
        ]

    def count(self) -> int:
        """How many problems there are."""
        return sum(len(messages) for messages in self.by_field.values())

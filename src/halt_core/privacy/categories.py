"""The category of every field: what kind of data it holds, for the sharing policy to weigh.

A field's category is kept next to the model, in the field's attrs metadata::

    name: str = attrs.field(validator=text(200), metadata={"category": Category.ORGANISATIONAL})

:func:`category_of` reads it; a field of a model or event class without one is a mistake
that :func:`category_of` reports (and a test finds for every class), so a new field cannot
slip out unclassified.

A field that holds records (``Meeting.cases``, ``Partner.contact_points``) has the
:func:`strictest` category of the fields of those records, so a reader that looks no
deeper than the field still treats it as carefully as its most careful part; the records'
own fields say what each part is.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from halt_core.errors import InvalidValue

__all__ = ["BY_STRICTNESS", "CATEGORY_KEY", "Category", "categories_of", "category_of", "strictest"]

CATEGORY_KEY = "category"
"""The key of a field's category in its attrs metadata."""


class Category(enum.StrEnum):
    """What kind of data a field holds."""

    ORGANISATIONAL = "organisational"
    """Public data about organisations and Halt's work: names, kinds, areas, dates, statuses,
    ids of records that lead to no youth."""
    PROFESSIONAL_CONTACT = "professional_contact"
    """Contact data of professionals: a contact person's name, e-mail address, phone number."""
    YOUTH_PERSONAL = "youth_personal"
    """Personal data of a youth: the age at the offence, the municipality a youth lives in."""
    YOUTH_JUSTICE = "youth_justice"
    """Criminal-justice data of a youth: the offence, its date, the outcome of a settlement."""
    PSEUDONYMOUS_REFERENCE = "pseudonymous_reference"
    """A reference that leads to a youth without naming one: a pseudonym, a referral's id."""
    FREE_TEXT = "free_text"
    """Text people typed: it may hold anything, a name or a date of birth included."""

    @property
    def personal(self) -> bool:
        """Whether it is, or may be, or leads to, personal data of a youth."""
        return self is not Category.ORGANISATIONAL and self is not Category.PROFESSIONAL_CONTACT


BY_STRICTNESS: tuple[Category, ...] = (
    Category.ORGANISATIONAL,
    Category.PROFESSIONAL_CONTACT,
    Category.PSEUDONYMOUS_REFERENCE,
    Category.YOUTH_JUSTICE,
    Category.YOUTH_PERSONAL,
    Category.FREE_TEXT,
)
"""Every category, from the least to the most careful, for :func:`strictest`.

Ordered by who may receive each: anyone receives organisational data and professionals'
contact data; the referrer of a youth receives the reference and the outcome (justice data)
but not the youth's age or municipality, which only a case consultation's members receive;
free text, which may hold anything, goes only to the youth or a parent who asks for it.
"""


def strictest(categories: Iterable[Category]) -> Category:
    """The most careful of ``categories`` (by :data:`BY_STRICTNESS`).

    The category of a field that holds records is the strictest category of their fields.
    Raises :class:`~halt_core.errors.InvalidValue` when ``categories`` is empty.
    """
    found = set(categories)
    if not found:
        raise InvalidValue("strictest", "categories", (), "expected at least one category")
    return max(found, key=BY_STRICTNESS.index)


def category_of(cls: type, field: str) -> Category:
    """The category of ``field`` of the attrs class ``cls``.

    Raises :class:`~halt_core.errors.InvalidValue` when ``cls`` has no such field, or the
    field was given no category (a mistake in the model: every field has one).
    """
    fields = attrs.fields_dict(cls) if attrs.has(cls) else {}
    if field not in fields:
        raise InvalidValue(
            getattr(cls, "__name__", str(cls)), field, field, "expected a field of the class"
        )
    found = fields[field].metadata.get(CATEGORY_KEY)
    if not isinstance(found, Category):
        raise InvalidValue(
            cls.__name__,
            field,
            found,
            "every field needs a category in its metadata (halt_core.privacy.Category)",
        )
    return found


def categories_of(cls: type) -> Mapping[str, Category]:
    """Every field of ``cls`` with its category, in the order of the fields."""
    return MappingProxyType({f.name: category_of(cls, f.name) for f in attrs.fields(cls)})

"""The field metadata that gives each field of the model and the events its category.

One mapping per :class:`~halt_core.privacy.categories.Category`, for ``attrs.field``::

    name: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)
    email: str | None = attrs.field(
        default=None, metadata={**PROFESSIONAL_CONTACT, "json_schema": {...}}
    )

They are ``attrs.field(metadata=...)`` rather than a helper that calls ``attrs.field``, so
that mypy and the editors still see which fields have a default. attrs copies metadata into
each field, so the mappings are shared safely.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from halt_core.privacy.categories import CATEGORY_KEY, Category


def _of(category: Category) -> Mapping[str, Category]:
    return MappingProxyType({CATEGORY_KEY: category})


ORGANISATIONAL = _of(Category.ORGANISATIONAL)
PROFESSIONAL_CONTACT = _of(Category.PROFESSIONAL_CONTACT)
YOUTH_PERSONAL = _of(Category.YOUTH_PERSONAL)
YOUTH_JUSTICE = _of(Category.YOUTH_JUSTICE)
PSEUDONYMOUS_REFERENCE = _of(Category.PSEUDONYMOUS_REFERENCE)
FREE_TEXT = _of(Category.FREE_TEXT)

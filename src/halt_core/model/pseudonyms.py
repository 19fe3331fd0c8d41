"""Youths appear in the model only under a pseudonym.

A pseudonym is a token issued by Halt's case system, never a name: it holds letters, digits,
``-`` and ``_`` only (no spaces), so a name typed into the field by mistake is refused.
"""

from __future__ import annotations

import re
from typing import NewType

from halt_core.model._checks import matches

__all__ = ["YouthPseudonym", "check_pseudonym"]

YouthPseudonym = NewType("YouthPseudonym", str)
"""A pseudonymous token for a youth, e.g. ``"Y-7F3K9Q2M"``: 6 to 64 letters, digits, - or _."""

_PSEUDONYM = re.compile(r"[A-Za-z0-9_-]{6,64}")

check_pseudonym = matches(
    _PSEUDONYM,
    "expected a pseudonym of 6 to 64 letters, digits, - or _ (never a name), e.g. Y-7F3K9Q2M",
)
"""The attrs validator for :data:`YouthPseudonym` fields."""

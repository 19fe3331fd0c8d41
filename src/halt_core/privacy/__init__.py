"""Privacy by design: what each field is, and what may be shared with whom.

- :mod:`~halt_core.privacy.categories`: every field of every model and event is classified
  (:class:`Category`): public organisational data, contact data of professionals, personal or
  criminal-justice data of a youth, a pseudonymous reference, or free text, which may hold
  anything.
- :mod:`~halt_core.privacy.policy`: the sharing policy: for a recipient and a purpose, which
  categories may go out, on what legal basis, and why (default deny);
- :mod:`~halt_core.privacy.scrub`: free text that goes out anyway, scrubbed of what looks
  like a name's companions (dates of birth, BSNs, addresses, phone numbers, e-mail addresses)
  and of known pseudonyms;
- :mod:`~halt_core.privacy.log`: what a store records about privacy: disclosures, legal
  holds, erasures and counts kept for statistics;
- :mod:`~halt_core.privacy.sheets`: the information sheets for a case consultation, each
  disclosure recorded;
- :mod:`~halt_core.privacy.retention`, :mod:`~halt_core.privacy.purging` and
  :mod:`~halt_core.privacy.erasure`: how long data is kept, removing what expired, and
  erasing one youth's data on request;
- :mod:`~halt_core.privacy.subject_access`: everything held about one youth, and to whom it
  went, as a document for the youth or a parent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from halt_core.privacy.categories import Category, categories_of, category_of

if TYPE_CHECKING:
    from halt_core.privacy.policy import (
        DEFAULT_POLICY,
        LegalBasis,
        Purpose,
        SharingDecision,
        SharingPolicy,
        SharingRequest,
        SharingRule,
        may_receive_justice_data,
    )

__all__ = [
    "DEFAULT_POLICY",
    "Category",
    "LegalBasis",
    "Purpose",
    "SharingDecision",
    "SharingPolicy",
    "SharingRequest",
    "SharingRule",
    "categories_of",
    "category_of",
    "may_receive_justice_data",
]

_POLICY_NAMES = frozenset(
    {
        "DEFAULT_POLICY",
        "LegalBasis",
        "Purpose",
        "SharingDecision",
        "SharingPolicy",
        "SharingRequest",
        "SharingRule",
        "may_receive_justice_data",
    }
)


def __getattr__(name: str) -> object:
    # The model classifies its fields with halt_core.privacy.categories, and the policy reads
    # the model: the policy's names are imported when first asked for, so no cycle forms.
    if name in _POLICY_NAMES:
        from halt_core.privacy import policy

        return getattr(policy, name)
    raise AttributeError(f"module 'halt_core.privacy' has no attribute {name!r}")

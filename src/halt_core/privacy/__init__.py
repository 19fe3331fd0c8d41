"""Privacy by design: what each field is, and what may be shared with whom.

- :mod:`~halt_core.privacy.categories`: every field of every model and event is classified
  (:class:`Category`): public organisational data, contact data of professionals, personal or
  criminal-justice data of a youth, a pseudonymous reference, or free text, which may hold
  anything.
- :mod:`~halt_core.privacy.scrub`: free text that goes out anyway, scrubbed of what looks
  like a name's companions (dates of birth, BSNs, addresses, phone numbers, e-mail addresses)
  and of known pseudonyms.
"""

from halt_core.privacy.categories import Category, categories_of, category_of

__all__ = ["Category", "categories_of", "category_of"]

"""Notifiers, and the dispatcher that delivers the outbox through them.

- ``log:`` (:mod:`halt_adapters.notify.log`): every event as a line in the ``logging`` module.
- ``smtp://``, ``smtps://`` (:mod:`halt_adapters.notify.smtp`): e-mail to the partners the
  routes name, in their language, with calendar invitations.
- ``webhook+https://``, ``webhook+http://`` (:mod:`halt_adapters.notify.webhook`): each
  event as a signed CloudEvent, POSTed to one URL.

Each is a plugin in the ``halt`` entry-point group, like any third-party notifier.
"""

from halt_core.notify.cloudevents import SignatureInvalid, sign, verify_signature

__all__ = ["SignatureInvalid", "sign", "verify_signature"]

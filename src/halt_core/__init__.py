"""halt_core: one shared, correct model of Halt's collaboration network.

The public API lives here: the model (:mod:`halt_core.model`), typed ids
(:mod:`halt_core.ids`), the one converter (:mod:`halt_core.serialization`), lifecycles and
events (:mod:`halt_core.lifecycle`, :mod:`halt_core.events`), the errors
(:mod:`halt_core.errors`), and :func:`connect` to open a store. Rules are in
:mod:`halt_core.rules`, the demo generator in :mod:`halt_core.demo`, the plugin contract in
:mod:`halt_core.hookspecs`. Importing halt_core opens no file, socket or database and imports
no adapter.
"""

from halt_core.errors import *  # noqa: F403 -- every error is public API
from halt_core.errors import __all__ as _errors_all
from halt_core.events import *  # noqa: F403 -- every event is public API
from halt_core.events import __all__ as _events_all
from halt_core.ids import (
    CollaborationId,
    EventId,
    ForumId,
    InterventionId,
    MeetingId,
    PartnerId,
    ReferralId,
    new_id,
    stable_id,
)
from halt_core.lifecycle import *  # noqa: F403 -- every transition is public API
from halt_core.lifecycle import __all__ as _lifecycle_all
from halt_core.model import *  # noqa: F403 -- the model is the heart of the public API
from halt_core.model import __all__ as _model_all
from halt_core.serialization import SCHEMA_VERSION, from_dict, from_json, to_dict, to_json
from halt_core.service import connect

__version__ = "0.1.0.dev0"
"""The version of halt_core."""

__all__ = [
    "SCHEMA_VERSION",
    "CollaborationId",
    "EventId",
    "ForumId",
    "InterventionId",
    "MeetingId",
    "PartnerId",
    "ReferralId",
    "__version__",
    "connect",
    "from_dict",
    "from_json",
    "new_id",
    "stable_id",
    "to_dict",
    "to_json",
    *_model_all,
    *_events_all,
    *_lifecycle_all,
    *_errors_all,
]

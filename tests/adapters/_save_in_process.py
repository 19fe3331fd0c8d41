"""Read a partner, wait for the go file, save a new name: prints 'saved' or 'conflict'.

Run by the adapter tests as two processes at once, to show that one save wins.
"""

import sys
import time
import uuid
from pathlib import Path

import attrs

import halt_core
from halt_core.storage import ConcurrencyConflict

url, partner_id, name, go = sys.argv[1:5]
options = {"schema": sys.argv[5]} if len(sys.argv) > 5 else {}
with halt_core.connect(url, **options) as store:
    try:
        with store.unit_of_work() as uow:
            read = uow.partners.get(uuid.UUID(partner_id))
            time.sleep(0.5)  # both processes have read before either saves
            while not Path(go).exists():
                time.sleep(0.01)
            uow.partners.save(attrs.evolve(read, name=name))
        print("saved")
    except ConcurrencyConflict:
        print("conflict")

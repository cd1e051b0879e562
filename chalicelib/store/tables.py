"""Create every table and index from the model definitions (local runner and tests)."""

from __future__ import annotations

from chalicelib.store.models import ALL_MODELS


def create_all() -> None:
    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)

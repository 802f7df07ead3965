"""Options in an order of their own per learner (docs/internals.md, "Per-learner option
order"), so that "always pick the first option" is worth no more than chance.

The order is a shuffle seeded by ``sha256(seed + question id)``; the seed is a random
token kept in the answer log (so a rerun of the notebook keeps the order) or, where no
log can be written, one token per kernel. Scoring is by label: nothing else changes.
"""

from __future__ import annotations

import hashlib
import random
import secrets

SEED_BYTES = 8

# A module whose answer log holds no seed yet takes the kernel's: the order then
# stays the same for as long as the kernel lives, even where the log cannot be
# written, and the first line the module writes keeps it for the next kernels.
KERNEL_SEED = secrets.token_hex(SEED_BYTES)

SHUFFLED_KINDS = ("choice", "multi", "match")


def shown_options(seed: str, question_id: str, options: list[str]) -> list[str]:
    """``options`` in this learner's order: the same for the same seed and question."""
    digest = hashlib.sha256((seed + question_id).encode("utf-8")).digest()
    shown = list(options)
    random.Random(digest).shuffle(shown)
    return shown

"""A warning for a claim pasted from ``suggest`` whose explanation is still the draft.

A draft validates as it stands (so that the teacher can paste, validate and preview
at once), which also means a story can be built with suggest's working notes in it:
the explanation is shown to learners after their answer. ``validate`` and ``build``
therefore name every claim whose explanation still opens with the draft's mark.
"""

from __future__ import annotations

from ..model import Story
from ..yamlsource import LoadedYaml
from .lint import LintWarning

# How suggest's YAML draft opens every explanation (generator/authoring/suggest/draft.py);
# the warning needs only its first words, which a half-done edit may have left.
DRAFT_START = "Draft from samestory suggest"
DRAFT_MARK = f"{DRAFT_START} — rewrite for learners: "


def draft_warnings(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    return [
        LintWarning(
            shown,
            loaded.line(("claims", ci, "explanation")),
            f"claim '{claim.id}': its explanation is still suggest's draft, and learners "
            "read it after their answer",
            "rewrite it for learners (what to notice and why it matters, within what the "
            "texts show), and check the draft's topic and guessed credits and values",
        )
        for ci, claim in enumerate(story.claims)
        if claim.explanation.startswith(DRAFT_START)
    ]

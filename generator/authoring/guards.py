"""Guards against teaching what the texts do not show (issue 16).

Each guard is a function ``(story, loaded, shown) -> list[LintWarning]`` over a valid
story, its YAML with line numbers (:class:`~generator.yamlsource.LoadedYaml`) and the
story file's display path; :func:`guard_warnings` runs them all.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Story
from ..yamlsource import LoadedYaml
from .lint import LintWarning

Guard = Callable[[Story, LoadedYaml, str], list[LintWarning]]


def primary_dated_later(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    """A ``primary`` mention whose source is dated after another dated source of the claim.

    An origin the dates contradict teaches a wrong origin: a text cannot be where a
    statement comes from when another text carried it earlier.
    """
    dates = {s.id: s.published for s in story.sources if s.published}
    warnings = []
    for ci, claim in enumerate(story.claims):
        for mi, mention in enumerate(claim.mentions):
            own = dates.get(mention.source)
            if not (mention.primary and own):
                continue
            earlier = sorted({m.source for m in claim.mentions if dates.get(m.source, own) < own})
            if earlier:
                warnings.append(
                    LintWarning(
                        shown,
                        loaded.line(("claims", ci, "mentions", mi, "primary")),
                        f"claim '{claim.id}': '{mention.source}' is marked primary but is "
                        f"dated {own}, after {', '.join(earlier)}",
                        "remove `primary: true`, or mark the earliest text that carries it",
                    )
                )
    return warnings


GUARDS: tuple[Guard, ...] = (primary_dated_later,)


def guard_warnings(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    return [w for guard in GUARDS for w in guard(story, loaded, shown)]

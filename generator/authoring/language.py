"""A warning for a story whose ``language`` has no translation (docs/translating.md).

Such a story builds, but its modules speak English around the teacher's own texts:
the buttons, feedback and derived questions. The teacher should know before a
class meets it, and ``--strict`` should stop it.
"""

from __future__ import annotations

from ..i18n import catalog, is_source, translated_languages
from ..model import Story
from ..yamlsource import LoadedYaml
from .lint import LintWarning


def language_warnings(story: Story, loaded: LoadedYaml, shown: str) -> list[LintWarning]:
    """One warning when the story's language is neither English nor translated."""
    language = story.language
    if is_source(language) or catalog(language) is not None:
        return []
    have = ", ".join(["en", *translated_languages()])
    return [
        LintWarning(
            shown,
            loaded.line(("language",)),
            f"language {language!r} has no translation: the modules' buttons, feedback "
            f"and derived questions will be English (translated: {have})",
            "use one of those codes, or translate samestory into it (docs/translating.md)",
        )
    ]

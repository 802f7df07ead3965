"""Suggest: ``python -m generator suggest --json`` on the seed texts (aim: under 5 s
on these 2-core machines, issue 12).

Two rows, each against a baseline timed in the same run, interleaved:

* the command line, cold (imports included), on a folder holding only the seed's
  ``sources/``, against a cold process that only reads and splits the same texts
  into sentences and words (``texts.read_texts``): the floor of any suggestion run;
* ``suggest()`` in-process (warm), against rapidfuzz alone comparing every
  sentence of every text with every sentence of every other text (``LCSseq``),
  the alignment step's raw cost.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from rapidfuzz.distance import LCSseq

from generator.authoring.suggest import suggest
from generator.authoring.suggest.texts import read_texts

from .harness import REPO, Config, Result, interleaved, median, spread

SEED = REPO / "corpus" / "kazakhstan-2022"
AIM_SECONDS = 5.0


def _folder(config: Config):
    folder = config.work / "suggest" / "kazakhstan-2022"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(SEED / "sources", folder / "sources")
    return folder


def _all_pairs(folder) -> None:
    texts = read_texts(folder)
    sentences = [[t.text[s.start : s.end] for s in t.sentences] for t in texts]
    for i, a in enumerate(sentences):
        for b in sentences[i + 1 :]:
            for x in a:
                for y in b:
                    LCSseq.similarity(x, y)


def run(config: Config) -> list[Result]:
    folder = _folder(config)
    cmd = [sys.executable, "-m", "generator", "suggest", str(folder), "--json"]
    floor = [
        sys.executable,
        "-c",
        "import sys; from pathlib import Path; "
        "from generator.authoring.suggest.texts import read_texts; read_texts(Path(sys.argv[1]))",
        str(folder),
    ]
    cold = interleaved(
        {
            "cli": lambda: subprocess.run(cmd, check=True, capture_output=True, cwd=REPO),
            "floor": lambda: subprocess.run(floor, check=True, cwd=REPO),
        },
        config.repeats,
    )
    warm = interleaved(
        {"suggest": lambda: suggest(folder), "rapidfuzz": lambda: _all_pairs(folder)},
        config.repeats,
    )
    count = len(suggest(folder).suggestions)
    return [
        Result(
            "suggest: `python -m generator suggest --json` (seed texts, cold)",
            median(cold["cli"]),
            "s",
            median(cold["floor"]),
            note=f"{count} suggestions; {spread(cold['cli'])}; baseline = a cold process that "
            f"reads and splits the texts; aim < {AIM_SECONDS:g} s",
        ),
        Result(
            "suggest: suggest() in-process (seed texts)",
            median(warm["suggest"]),
            "s",
            median(warm["rapidfuzz"]),
            note=f"{spread(warm['suggest'])}; baseline = rapidfuzz LCSseq over every "
            "sentence pair of the texts, alone",
        ),
    ]

"""Make a synthetic corpus of N stories from a seed story, for the build-scale benchmark.

Each copy is the seed story with a new story id (and folder); its sources are copied
byte for byte, and nothing else changes, so every copy validates exactly like the seed
and yields the same modules. Only this script is committed, never its output.

    python benchmarks/synth_corpus.py 100 benchmarks/.work/corpus-100 [--seed corpus/<story>]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import sys
from pathlib import Path

STORY_FILE = "story.yaml"
# The story's own id is the only top-level `id:` key (claims, sources and modules are
# nested, hence indented), so one anchored line replacement renames the story and
# leaves the teacher's formatting, comments and line numbers intact.
TOP_LEVEL_ID = re.compile(r"^id:[ \t]*(?P<value>[^#\n]*?)[ \t]*(?P<comment>#.*)?$", re.M)


def seed_story(corpus: Path) -> Path:
    """The first story folder of a corpus (or the folder itself if it is one story)."""
    if (corpus / STORY_FILE).is_file():
        return corpus
    folders = sorted(p.parent for p in corpus.glob(f"*/{STORY_FILE}"))
    if not folders:
        raise FileNotFoundError(f"{corpus}: no {STORY_FILE} found — no seed story")
    return folders[0]


def renamed(story_yaml: str, new_id: str) -> str:
    found = TOP_LEVEL_ID.search(story_yaml)
    if found is None:
        raise ValueError("the seed story.yaml has no top-level `id:` line")
    start, end = found.span("value")
    return story_yaml[:start] + new_id + story_yaml[end:]


def seed_fingerprint(seed: Path) -> str:
    """Hash of every file of the seed story: a cached corpus is reused only if it matches."""
    digest = hashlib.sha256()
    for path in sorted(p for p in seed.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(seed)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def make_corpus(n: int, out: Path, seed: Path) -> Path:
    """Write ``n`` renamed copies of ``seed`` under ``out`` (reused when up to date)."""
    stamp = out / ".synth-stamp"
    fingerprint = f"{seed_fingerprint(seed)} {n}"
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    text = (seed / STORY_FILE).read_text(encoding="utf-8")
    seed_id = TOP_LEVEL_ID.search(text).group("value").strip("'\"")
    for i in range(1, n + 1):
        story_id = f"{seed_id}-s{i:03d}"
        folder = out / story_id
        shutil.copytree(seed, folder, ignore=shutil.ignore_patterns(STORY_FILE, ".*"))
        (folder / STORY_FILE).write_text(renamed(text, story_id), encoding="utf-8")
    stamp.write_text(fingerprint)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of stories")
    parser.add_argument("out", type=Path, help="corpus folder to (re)write")
    parser.add_argument(
        "--seed",
        type=Path,
        default=Path("corpus"),
        help="seed story folder, or a corpus whose first story is the seed",
    )
    args = parser.parse_args(argv)
    out = make_corpus(args.n, args.out, seed_story(args.seed))
    print(f"{out}: {args.n} stories from {seed_story(args.seed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Command line: a thin layer over library functions (like papermill's cli over
``execute_notebook``). User errors print one line each and exit 2 (1 for an export
that could read only part of its input); tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import CorpusError, SamestoryError

STRICT_HELP = "fail (exit 2) when there is any warning"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samestory",
        description="Build media-literacy notebooks from annotated news coverage, and grade them.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser("validate", help="check a corpus; one line per problem")
    validate.add_argument("corpus", nargs="?", default="corpus", type=Path)
    validate.add_argument("--strict", action="store_true", help=STRICT_HELP)

    build = sub.add_parser("build", help="validate, then write one notebook per module")
    build.add_argument("corpus", nargs="?", default="corpus", type=Path)
    build.add_argument("--out", default="modules", type=Path, help="default: modules/")
    build.add_argument("--strict", action="store_true", help=STRICT_HELP + "; nothing is written")

    key = sub.add_parser("key", help="the answer key (JSON), or a printable one for teachers")
    key.add_argument("corpus", nargs="?", default="corpus", type=Path)
    key.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    key.add_argument(
        "--printable",
        action="store_true",
        help="a readable key with explanations (HTML if -o ends in .html, else Markdown)",
    )

    new = sub.add_parser("new", help="start a story folder from its texts (never overwrites)")
    new.add_argument("story", type=Path, metavar="STORY_DIR", help="e.g. corpus/my-story")
    new.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the source texts")
    new.add_argument(
        "--language",
        default="en",
        help="the texts' language code (default: en); decides how figures such as 2,5 are read",
    )

    export = sub.add_parser("export", help="re-score saved notebooks/results into a gradebook")
    export.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="saved notebooks, results JSON files, answer logs, or folders",
    )
    export.add_argument("--corpus", default="corpus", type=Path)
    export.add_argument("-o", "--output", required=True, type=Path, help="gradebook CSV")
    export.add_argument("--long", type=Path, help="one row per learner and question (CSV)")
    export.add_argument(
        "--items", type=Path, help="item statistics (CSV); a chart is written beside it (.html)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except CorpusError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        written = "" if args.command == "validate" else "; nothing was written"
        print(f"{len(exc.problems)} problem(s) found{written}.", file=sys.stderr)
        return exc.exit_code
    except SamestoryError as exc:
        print(f"samestory: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("samestory: interrupted; nothing was changed.", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        from .authoring.lint import report_warnings, story_warnings
        from .corpus import load_corpus

        stories = load_corpus(args.corpus)
        claims = sum(len(s.claims) for s in stories)
        print(f"{len(stories)} story(ies), {claims} claims: all valid.")
        warnings = [w for story in stories for w in story_warnings(story)]
        report_warnings(warnings, strict=args.strict, writes=False)
        return 0
    if args.command == "build":
        from .build import build_corpus

        for line in build_corpus(args.corpus, args.out, strict=args.strict):
            print(line)
        return 0
    if args.command == "new":
        from .authoring.new import new_story

        for line in new_story(args.story, args.files, args.language):
            print(line)
        return 0
    if args.command == "key":
        from .key import write_key

        write_key(args.corpus, args.output, printable=args.printable)
        return 0
    from .export import run_export

    return run_export(
        args.paths, corpus=args.corpus, output=args.output, long=args.long, items=args.items
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

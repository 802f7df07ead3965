"""Command line: a thin layer over library functions (like papermill's cli over
``execute_notebook``). User errors print one line each and exit 2 (1 for an export
that could read only part of its input); tracebacks are for bugs only.

Commands are grouped by who runs them: a teacher writing a story (``new``,
``suggest``, ``preview``, ``validate``), whoever builds the modules (``build``,
``key``), and the grader (``export``, ``feedback``). Each command's code is imported
only when it runs, so ``validate`` never pays for the grading libraries.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import CorpusError, SamestoryError, UsageError

STRICT_HELP = "fail (exit 2) when there is any warning"
SUBMISSIONS_HELP = "saved notebooks, results JSON files, answer logs, or folders"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="samestory",
        description="Build media-literacy notebooks from annotated news coverage, and grade them.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _authoring_commands(sub)
    _building_commands(sub)
    _export_command(sub)
    _feedback_command(sub)
    return parser


def _authoring_commands(sub) -> None:
    new = sub.add_parser("new", help="start a story folder from its texts (never overwrites)")
    new.add_argument("story", type=Path, metavar="STORY_DIR", help="e.g. corpus/my-story")
    new.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the source texts")
    new.add_argument(
        "--language",
        default="en",
        help="the texts' language code (default: en); decides how figures such as 2,5 are read",
    )

    suggest = sub.add_parser(
        "suggest", help="draft claims from a story's texts (a YAML draft, or --json)"
    )
    suggest.add_argument("story", type=Path, help="a story folder with sources/*.txt")
    suggest.add_argument("--json", action="store_true", help="the suggestions as JSON")

    preview = sub.add_parser(
        "preview", help="print every question of a story's modules, with warnings (no build)"
    )
    preview.add_argument("story", type=Path, metavar="STORY_DIR")
    preview.add_argument("module", nargs="?", help="one module id (default: every module)")

    validate = sub.add_parser("validate", help="check a corpus; one line per problem")
    validate.add_argument("corpus", nargs="?", default="corpus", type=Path)
    validate.add_argument("--strict", action="store_true", help=STRICT_HELP)


def _building_commands(sub) -> None:
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


def _export_command(sub) -> None:
    export = sub.add_parser("export", help="re-score saved notebooks/results into a gradebook")
    export.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=SUBMISSIONS_HELP)
    export.add_argument("--corpus", default="corpus", type=Path)
    export.add_argument("-o", "--output", required=True, type=Path, help="gradebook CSV")
    export.add_argument("--long", type=Path, help="one row per learner and question (CSV)")
    export.add_argument(
        "--items", type=Path, help="item statistics (CSV); a chart is written beside it (.html)"
    )
    classroom = export.add_argument_group("class report and rubric sheet (docs/grading.md)")
    classroom.add_argument("--report", type=Path, help="a class report: one self-contained page")
    classroom.add_argument(
        "--help-below",
        type=float,
        default=50.0,
        metavar="PERCENT",
        help="in the report, list learners below this mastery on a move (default: 50)",
    )
    classroom.add_argument(
        "--rubric-sheet", type=Path, help="write the reflections to score with their rubrics (CSV)"
    )
    classroom.add_argument(
        "--rubric-scores", type=Path, help="read a scored rubric sheet into the gradebook"
    )
    lms = export.add_argument_group("LMS gradebooks (docs/grading.md, 'Into your LMS')")
    lms.add_argument(
        "--format",
        choices=("csv", "canvas", "moodle"),
        default="csv",
        help="our CSV (default), or what Canvas or Moodle import (needs --roster)",
    )
    lms.add_argument(
        "--roster", type=Path, help="the LMS's roster (Canvas gradebook or Moodle participants CSV)"
    )
    lms.add_argument(
        "--decisions", type=Path, help="a filled-in <output>-needs-decision.csv from an earlier run"
    )


def _feedback_command(sub) -> None:
    feedback = sub.add_parser(
        "feedback", help="release test feedback: one HTML page per learner and test"
    )
    feedback.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=SUBMISSIONS_HELP)
    feedback.add_argument("--corpus", default="corpus", type=Path)
    feedback.add_argument(
        "-o", "--output", required=True, type=Path, help="folder for the pages (and index.html)"
    )
    feedback.add_argument(
        "--all-modules", action="store_true", help="practice and review modules too, not only tests"
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except CorpusError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        written = "" if args.command in ("validate", "preview") else "; nothing was written"
        print(f"{len(exc.problems)} problem(s) found{written}.", file=sys.stderr)
        return exc.exit_code
    except SamestoryError as exc:
        print(f"samestory: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("samestory: interrupted; nothing was changed.", file=sys.stderr)
        return 130


# ---------------------------------------------------------------- running a command


def _validate(args: argparse.Namespace) -> int:
    from .authoring.lint import report_warnings, story_warnings
    from .corpus import load_corpus

    stories = load_corpus(args.corpus)
    claims = sum(len(s.claims) for s in stories)
    print(f"{len(stories)} story(ies), {claims} claims: all valid.")
    warnings = [w for story in stories for w in story_warnings(story)]
    report_warnings(warnings, strict=args.strict, writes=False)
    return 0


def _new(args: argparse.Namespace) -> int:
    from .authoring.new import new_story

    for line in new_story(args.story, args.files, args.language):
        print(line)
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from .authoring.suggest.cli import run_suggest

    return run_suggest(args.story, as_json=args.json)


def _preview(args: argparse.Namespace) -> int:
    from .authoring.preview import preview_text

    sys.stdout.write(preview_text(args.story, args.module))
    return 0


def _build(args: argparse.Namespace) -> int:
    from .build import build_corpus

    for line in build_corpus(args.corpus, args.out, strict=args.strict):
        print(line)
    return 0


def _key(args: argparse.Namespace) -> int:
    from .key import write_key

    write_key(args.corpus, args.output, printable=args.printable)
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export import run_export
    from .grading.classroom import Classroom
    from .grading.lms import LmsOptions

    if args.rubric_scores is not None and args.format != "csv":
        # The LMS file carries one score per module and nothing else: the rubric
        # columns would be read, counted on the terminal, and then left out.
        raise UsageError(
            f"--rubric-scores adds columns to samestory's own gradebook; a {args.format} "
            "file carries module scores only — export the rubric points without --format"
        )
    classroom = Classroom(
        report=args.report,
        rubric_sheet=args.rubric_sheet,
        rubric_scores=args.rubric_scores,
        help_below=args.help_below / 100,
    )
    return run_export(
        args.paths,
        corpus=args.corpus,
        output=args.output,
        long=args.long,
        items=args.items,
        lms=LmsOptions(args.format, args.roster, args.decisions),
        classroom=classroom,
    )


def _feedback(args: argparse.Namespace) -> int:
    from .grading.feedbackpages import write_feedback_pages

    return write_feedback_pages(
        args.paths, corpus=args.corpus, out_dir=args.output, every_module=args.all_modules
    )


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "new": _new,
    "validate": _validate,
    "suggest": _suggest,
    "preview": _preview,
    "build": _build,
    "key": _key,
    "export": _export,
    "feedback": _feedback,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``segkit`` command line."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from segkit import __version__
from segkit._errors import SegkitError

logger = logging.getLogger("segkit")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="segkit",
        description=(
            "B2B audience segmentation from CRM, marketing and product exports: "
            "segments, ICP tiers, territories, quotas and lead routing, rerun "
            "every quarter."
        ),
        epilog="Start with `segkit synth --out data/sample`, then "
        "`segkit run --config data/sample/segkit.toml`.",
    )
    parser.add_argument("--version", action="version", version=f"segkit {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show full tracebacks on errors"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    synth = commands.add_parser(
        "synth",
        help="generate a sample market with a ready config",
        description="Write CRM, marketing and product exports of a sample market, "
        "a ready config segkit.toml, and the hidden truth.csv used by tests.",
    )
    synth.add_argument(
        "--accounts", type=int, default=2000, help="accounts to generate"
    )
    synth.add_argument(
        "--seed", type=int, default=0, help="random seed (same seed, same market)"
    )
    synth.add_argument("--out", type=Path, required=True, help="folder to write into")
    synth.add_argument(
        "--as-of",
        default=None,
        help="date the exports were taken (YYYY-MM-DD; default today)",
    )

    run = commands.add_parser(
        "run",
        help="run the quarterly pipeline and publish the report",
        description="Execute the numbered notebooks with papermill, render them "
        "as HTML, write the leadership report and the exports.",
    )
    _add_config(run)
    run.add_argument(
        "--notebooks",
        type=Path,
        default=None,
        help="folder of numbered notebooks (default: segkit's own)",
    )
    run.add_argument(
        "--reports-dir",
        type=Path,
        default=None,
        help="where <quarter>/ is written (default: the config's reports)",
    )

    ingest = commands.add_parser(
        "ingest",
        help="gather and unify the exports into the workspace",
        description="Read the sources named in the config, clean and unify them "
        "into the quarter's snapshot, and print the ingest summary.",
    )
    _add_config(ingest)

    route = commands.add_parser(
        "route",
        help="route leads to an owner or a queue",
        description="Route leads with the quarter's routing rules. Give a CSV of "
        "leads (columns such as domain or email, country, state, industry, "
        "employees) or describe one lead with the options.",
    )
    _add_config(route)
    route.add_argument("--leads", type=Path, help="CSV of leads to route")
    route.add_argument(
        "--out", type=Path, help="write the routed leads here (CSV) instead of printing"
    )
    for field in ("domain", "email", "country", "state", "industry", "employees"):
        route.add_argument(f"--{field}", help=f"the lead's {field}")
    return parser


def _add_config(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--config", type=Path, required=True, help="the segkit.toml config"
    )
    command.add_argument(
        "--quarter",
        default=None,
        help="quarter such as 2026Q4 (default: the current one)",
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(message)s",
        stream=sys.stderr,
    )
    try:
        return _COMMANDS[args.command](args)
    except (SegkitError, ValueError, TypeError) as error:
        if args.debug:
            raise
        print(f"segkit: error: {error}", file=sys.stderr)
        return 1


def _synth(args) -> int:
    from segkit.synth import write_market

    config = write_market(args.out, args.accounts, seed=args.seed, as_of=args.as_of)
    print(f"wrote a sample market of {args.accounts} accounts; config: {config}")
    return 0


def _run(args) -> int:
    from segkit.pipeline import run_quarter

    report = run_quarter(
        args.config,
        args.quarter,
        notebooks=args.notebooks,
        reports=args.reports_dir,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(f"report: {report}")
    return 0


def _ingest(args) -> int:
    from segkit._config import load_config
    from segkit._store import check_quarter
    from segkit.ingest import ingest

    result = ingest(load_config(args.config), check_quarter(args.quarter))
    print(result.summary.drop(columns="file").to_string(index=False))
    if len(result.quarantine):
        counts = result.quarantine.groupby(["source", "rule"]).size()
        print("\nquarantined rows by reason:")
        print(counts.to_string())
    return 0


def _route(args) -> int:
    import pandas as pd

    from segkit._config import load_config
    from segkit._store import check_quarter
    from segkit.stages import route_new_leads

    if args.leads:
        if not args.leads.is_file():
            raise SegkitError(f"{args.leads}: leads file not found.")
        leads = pd.read_csv(args.leads, dtype="string", keep_default_na=False)
        leads = leads.replace("", pd.NA)
    else:
        fields = ("domain", "email", "country", "state", "industry", "employees")
        given = {f: getattr(args, f) for f in fields if getattr(args, f)}
        if not given:
            raise SegkitError(
                "route needs --leads FILE or at least --domain or --country."
            )
        leads = pd.DataFrame([given], dtype="string")
    routed = route_new_leads(
        load_config(args.config), check_quarter(args.quarter), leads
    )
    if args.out:
        routed.to_csv(args.out, index=False)
        print(f"routed {len(routed)} leads into {args.out}")
    else:
        print(routed.to_string(index=False))
    return 0


_COMMANDS = {"synth": _synth, "run": _run, "ingest": _ingest, "route": _route}


if __name__ == "__main__":
    sys.exit(main())

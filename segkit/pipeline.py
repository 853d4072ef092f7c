"""Run the numbered notebooks of a quarter with papermill and publish them.

A run executes every notebook in order, renders each as HTML, renders the
leadership report and writes the exports. Everything is written into a
staging folder first and moved into ``reports/<quarter>`` only when all of
it succeeded, so a failed run never leaves a half-written report behind.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from segkit._config import load_config
from segkit._errors import PipelineError
from segkit._store import check_quarter
from segkit.report import notebook_to_html, write_exports

logger = logging.getLogger(__name__)

REPORT_NOTEBOOK = "06-leadership-report"


def default_notebooks() -> Path:
    """The ``notebooks/`` folder next to the segkit package."""
    return Path(__file__).resolve().parent.parent / "notebooks"


def find_notebooks(folder: str | Path) -> list[Path]:
    """The numbered notebooks of ``folder``, in order."""
    folder = Path(folder)
    notebooks = sorted(folder.glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        raise PipelineError(
            f"{folder}: no numbered notebooks (01-*.ipynb, 02-*.ipynb, ...) found; "
            "pass the folder that holds them with --notebooks."
        )
    return notebooks


def run_quarter(
    config_path: str | Path,
    quarter: str | None = None,
    notebooks: str | Path | None = None,
    reports: str | Path | None = None,
    progress: Callable[[str], None] = logger.info,
) -> Path:
    """Run the whole quarterly pipeline and return the leadership report's path.

    Parameters
    ----------
    config_path : str or Path
        The segkit config.
    quarter : str, optional
        Such as ``"2026Q4"``; the current quarter when left out.
    notebooks : str or Path, optional
        The folder of numbered notebooks; segkit's own by default.
    reports : str or Path, optional
        Where ``<quarter>/`` is written; the config's reports folder by default.
    progress : callable
        Called with one line per notebook started and finished.

    Raises
    ------
    PipelineError
        Naming the notebook and cell that failed, and where the executed
        notebook was kept for inspection.
    """
    import papermill  # slow to import; only a run needs it

    config = load_config(config_path)
    quarter = check_quarter(quarter)
    reports = Path(reports).resolve() if reports else config.reports_dir
    final = reports / quarter
    staging = reports / f".{quarter}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "notebooks").mkdir(parents=True)

    # Execute the notebooks in order; each reads and writes the store.
    found = find_notebooks(notebooks or default_notebooks())
    for number, notebook in enumerate(found, 1):
        executed = staging / "notebooks" / notebook.name
        progress(f"[{number}/{len(found)}] {notebook.stem} ...")
        started = time.perf_counter()
        try:
            papermill.execute_notebook(
                str(notebook),
                str(executed),
                parameters={"config": str(config.path), "quarter": quarter},
                kernel_name="python3",
                progress_bar=False,
                cwd=str(notebook.parent),
                # The kernel talks to this process only, over loopback.
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except papermill.PapermillExecutionError as error:
            raise _failure(
                notebook, executed, error, reports, quarter, staging
            ) from None
        progress(
            f"[{number}/{len(found)}] {notebook.stem} done in "
            f"{time.perf_counter() - started:.1f}s"
        )

    # Render the notebooks, the leadership report and the exports.
    for executed in sorted((staging / "notebooks").glob("*.ipynb")):
        page = notebook_to_html(executed, title=f"{executed.stem} · {quarter}")
        executed.with_suffix(".html").write_text(page, encoding="utf-8")
    report = staging / "notebooks" / f"{REPORT_NOTEBOOK}.html"
    if report.exists():
        shutil.copyfile(report, staging / "index.html")
    write_exports(config, quarter, staging / "exports")

    _replace(staging, final)
    return final / "index.html"


def _failure(notebook, executed, error, reports, quarter, staging) -> PipelineError:
    kept = reports / f"{quarter}-failed"
    shutil.rmtree(kept, ignore_errors=True)
    staging.rename(kept)
    cell = getattr(error, "exec_count", None) or getattr(error, "cell_index", "?")
    reason = " ".join(str(error.evalue).split())
    reason = reason if len(reason) <= 300 else reason[:297] + "..."
    return PipelineError(
        f"notebook {notebook.stem} failed in cell {cell}: {error.ename}: "
        f"{reason}; the executed notebook is kept at "
        f"{kept / 'notebooks' / executed.name}"
    )


def _replace(staging: Path, final: Path) -> None:
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(final.with_name(f"{final.name}-failed"), ignore_errors=True)

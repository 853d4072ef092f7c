"""Render executed notebooks as self-contained HTML, and write the exports.

The HTML hides code, embeds plotly.js once per file and loads nothing from
the network, so a report opens the same on a plane as at a desk.
"""

from __future__ import annotations

import html
from pathlib import Path

import nbformat
import pandas as pd
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from plotly.offline import get_plotlyjs

from segkit._config import Config
from segkit._store import Workspace
from segkit.routing import rules_as_json

_TEMPLATES = Path(__file__).parent / "templates"

ACCOUNT_EXPORT_COLUMNS = [
    "account_id",
    "source_ids",
    "name",
    "domain",
    "family_id",
    "parent_account_id",
    "industry",
    "employees",
    "annual_revenue",
    "country",
    "state",
    "region",
    "in_market",
    "segment",
    "segment_name",
    "win_probability",
    "fit_score",
    "intent_score",
    "tier",
    "potential",
    "territory",
    "owner",
    "owner_name",
]


def notebook_to_html(notebook: str | Path, title: str | None = None) -> str:
    """Render an executed notebook as HTML with code hidden and no network.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_markdown_cell("# Hi")
    >>> notebook = nbformat.v4.new_notebook(cells=[cell])
    >>> page = notebook_to_html(notebook)
    >>> "<script src=" in page, page.count("plotly.js v") <= 1
    (False, True)
    """
    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(str(notebook), as_version=4)
    exporter = HTMLExporter(
        extra_template_basedirs=[str(_TEMPLATES)],
        template_name="segkit",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    # Interactive explorers need a running kernel; a static page leaves them out.
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags={"interactive"}, enabled=True),
        enabled=True,
    )
    resources = {"plotly_js": get_plotlyjs(), "metadata": {"name": title or "segkit"}}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return body


def write_exports(config: Config, quarter: str, folder: str | Path) -> dict[str, Path]:
    """Write the plan's CSV and JSON exports for sales operations.

    Returns the path of each file written.
    """
    from segkit.stages import account_plan

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    workspace = Workspace(config.store_path)
    plan = account_plan(config, quarter)
    rules = workspace.read(quarter, "routing_rules")
    written = {
        "accounts": plan[ACCOUNT_EXPORT_COLUMNS],
        "territories": workspace.read(quarter, "territories"),
        "quotas": workspace.read(quarter, "quotas"),
        "routing_rules": rules,
    }
    paths = {}
    for name, frame in written.items():
        paths[name] = folder / f"{name}.csv"
        frame.to_csv(paths[name], index=False)
    paths["routing_rules_json"] = folder / "routing_rules.json"
    paths["routing_rules_json"].write_text(rules_as_json(rules), encoding="utf-8")
    return paths


def kpi_cards(figures: dict[str, str]) -> str:
    """Headline figures as HTML cards; every label and value is escaped.

    Examples
    --------
    >>> "&lt;b&gt;" in kpi_cards({"<b>Accounts</b>": "1,200"})
    True
    """
    cards = "".join(
        '<div style="border:1px solid #ddd;border-radius:8px;padding:10px 16px;'
        'min-width:150px"><div style="color:#666;font-size:12px">'
        f"{html.escape(str(label))}</div>"
        f'<div style="font-size:22px;font-weight:600">{html.escape(str(value))}</div>'
        "</div>"
        for label, value in figures.items()
    )
    return (
        f'<div style="display:flex;flex-wrap:wrap;gap:12px;margin:8px 0">{cards}</div>'
    )


def table_html(frame: pd.DataFrame, max_rows: int = 20) -> str:
    """A table as HTML, with every value escaped and numbers made readable.

    Examples
    --------
    >>> page = table_html(pd.DataFrame({"potential": [1234567.0], "share": [0.25]}))
    >>> "1,234,567" in page and "0.25" in page
    True
    """
    return frame.head(max_rows).to_html(
        index=False, escape=True, border=0, float_format=_readable_number
    )


def _readable_number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def money(amount: float, currency: str) -> str:
    """An amount as a leader reads it: 278.6M USD.

    Examples
    --------
    >>> money(278_584_390, "USD"), money(45_300, "EUR"), money(950, "GBP")
    ('278.6M USD', '45.3K EUR', '950 GBP')
    """
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(amount) >= scale:
            return f"{amount / scale:,.1f}{suffix} {currency}"
    return f"{amount:,.0f} {currency}"

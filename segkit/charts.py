"""Charts for the notebooks and reports, drawn with plotly.

:func:`use_offline_charts` registers the ``segkit`` renderer: each figure is
shown as plotly's own JSON (JupyterLab draws it live) and as an HTML ``div``
without plotly.js or any network script. segkit's HTML exporter embeds
plotly.js once per file, so the rendered reports draw their charts offline.
"""

from __future__ import annotations

import json

import pandas as pd
import plotly.express as px
import plotly.io as pio
from plotly.io._base_renderers import MimetypeRenderer

TIER_COLORS = {
    "Tier 1": "#1b7837",
    "Tier 2": "#7fbf7b",
    "Tier 3": "#d9f0d3",
    "Not ICP": "#bbbbbb",
}


class _OfflineHtmlRenderer(MimetypeRenderer):
    """A figure as plotly JSON plus an HTML div that needs no network."""

    def to_mimebundle(self, fig_dict):
        html = pio.to_html(
            fig_dict,
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            default_width="100%",
            default_height=460,
            validate=False,
            config={"displaylogo": False},
        )
        # Plain JSON types only: the notebook stores this bundle as JSON.
        figure = json.loads(pio.to_json(fig_dict, validate=False))
        return {"application/vnd.plotly.v1+json": figure, "text/html": html}


def use_offline_charts() -> None:
    """Make ``fig.show()`` produce output that renders in HTML with no network.

    Examples
    --------
    >>> use_offline_charts()
    >>> import plotly.io as pio
    >>> pio.renderers.default
    'segkit'
    """
    pio.renderers["segkit"] = _OfflineHtmlRenderer()
    pio.renderers.default = "segkit"
    pio.templates.default = "plotly_white"


def bar(frame: pd.DataFrame, x: str, y: str, title: str, **options):
    """A bar chart with segkit's defaults."""
    fig = px.bar(frame, x=x, y=y, title=title, **options)
    return fig.update_layout(margin={"t": 60, "l": 10, "r": 10, "b": 10})


def histogram(frame: pd.DataFrame, x: str, title: str, **options):
    """A histogram with segkit's defaults."""
    fig = px.histogram(frame, x=x, title=title, **options)
    return fig.update_layout(margin={"t": 60, "l": 10, "r": 10, "b": 10})


def box(frame: pd.DataFrame, x: str, y: str, title: str, **options):
    """A box plot with segkit's defaults."""
    fig = px.box(frame, x=x, y=y, title=title, points=False, **options)
    return fig.update_layout(margin={"t": 60, "l": 10, "r": 10, "b": 10})


def scatter(frame: pd.DataFrame, x: str, y: str, title: str, **options):
    """A scatter plot with segkit's defaults."""
    fig = px.scatter(frame, x=x, y=y, title=title, **options)
    return fig.update_layout(margin={"t": 60, "l": 10, "r": 10, "b": 10})


def account_map(frame: pd.DataFrame, color: str, title: str):
    """Accounts placed by longitude and latitude, with no map tiles to fetch."""
    fig = px.scatter(
        frame,
        x="longitude",
        y="latitude",
        color=color,
        hover_name="name" if "name" in frame else None,
        title=title,
        opacity=0.6,
    )
    fig.update_traces(marker={"size": 5})
    fig.update_yaxes(scaleanchor="x", scaleratio=1)
    return fig.update_layout(margin={"t": 60, "l": 10, "r": 10, "b": 10})

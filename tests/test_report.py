"""Report helpers: escaping, money, and HTML that needs no network."""

import nbformat
import pandas as pd
import pytest

from segkit.charts import bar, use_offline_charts
from segkit.report import kpi_cards, money, notebook_to_html, table_html


def test_kpi_cards_and_tables_escape_text():
    page = kpi_cards({"<script>x</script>": "<b>1</b>"})
    assert "<script>" not in page and "&lt;script&gt;" in page
    table = table_html(pd.DataFrame({"name": ["<i>Acme</i>"]}))
    assert "<i>Acme" not in table and "&lt;i&gt;Acme" in table


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1_250_000, "1.2M USD"),
        (999, "999 USD"),
        (12_500, "12.5K USD"),
        (3e9, "3.0B USD"),
    ],
)
def test_money(amount, text):
    assert money(amount, "USD") == text


def test_offline_renderer_output_becomes_an_offline_chart():
    use_offline_charts()
    figure = bar(pd.DataFrame({"x": ["a"], "y": [1]}), x="x", y="y", title="t")
    bundle = figure._repr_mimebundle_()
    assert "application/vnd.plotly.v1+json" in bundle
    assert "<script src=" not in bundle["text/html"]
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                outputs=[nbformat.v4.new_output("display_data", data=bundle)]
            )
        ]
    )
    page = notebook_to_html(notebook)
    assert page.count("plotly.js v") == 1
    assert 'class="plotly-graph-div"' in page
    assert "cdnjs" not in page and "require.min.js" not in page


def test_interactive_cells_are_left_out_of_the_page():
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                metadata={"tags": ["interactive"]},
                outputs=[
                    nbformat.v4.new_output(
                        "display_data", data={"text/html": "<p>explorer here</p>"}
                    )
                ],
            ),
            nbformat.v4.new_code_cell(
                outputs=[
                    nbformat.v4.new_output(
                        "display_data", data={"text/html": "<p>chart here</p>"}
                    )
                ]
            ),
        ]
    )
    page = notebook_to_html(notebook)
    assert "chart here" in page
    assert "explorer here" not in page

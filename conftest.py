"""Make the sample market the notebooks default to, before nbval runs them."""

from pathlib import Path

SAMPLE_CONFIG = Path(__file__).parent / "data" / "sample" / "segkit.toml"


def pytest_sessionstart(session):
    running_notebooks = session.config.getoption("nbval_lax", default=False)
    if running_notebooks and not SAMPLE_CONFIG.exists():
        from segkit.synth import write_market

        write_market(SAMPLE_CONFIG.parent, n_accounts=2000, seed=7)

"""segkit: a Jupyter workbench for B2B audience segmentation.

The package holds what the numbered notebooks repeat: reading a config,
generating a sample market, ingesting exports into the DuckDB workspace,
clustering segments, learning the Ideal Customer Profile, scoring and tiering
accounts, designing territories, quotas and routing rules, and rendering the
reports.
"""

from segkit._config import Config, load_config
from segkit._errors import (
    ConfigError,
    InputError,
    PipelineError,
    SegkitError,
    StoreError,
)
from segkit._store import Workspace, check_quarter, current_quarter, previous_quarter

__version__ = "0.1.0"

__all__ = [
    "Config",
    "ConfigError",
    "InputError",
    "PipelineError",
    "SegkitError",
    "StoreError",
    "Workspace",
    "check_quarter",
    "current_quarter",
    "load_config",
    "previous_quarter",
]

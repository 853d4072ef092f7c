"""Read a segkit config file and resolve its paths.

A config is a TOML file. Relative paths in it are resolved against the
folder that holds the config, so a folder with its config can be moved or
copied as a whole.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segkit._errors import ConfigError

SOURCE_NAMES = ("accounts", "opportunities", "engagement", "usage", "notes", "reps")
REQUIRED_SOURCES = ("accounts", "opportunities", "reps")

DEFAULTS: dict[str, dict[str, Any]] = {
    "workspace": {
        "store": "data/workspace.duckdb",
        "reports": "reports",
        "currency": "USD",
        "seed": 0,
    },
    "ingest": {"max_rejected_share": 0.05},
    "market": {
        "industries": [],
        "regions": [],
        "countries": [],
        "min_employees": 0,
        "max_employees": 0,
        "min_revenue": 0,
    },
    "segments": {"n_segments": 0, "min_segments": 3, "max_segments": 6},
    "scoring": {
        "tier_1_fit": 80,
        "tier_1_intent": 50,
        "tier_2_fit": 60,
        "tier_3_fit": 40,
        "intent_window_days": 90,
    },
    "territories": {"balance_tolerance": 0.15},
    "quotas": {"target": 0.0, "quota_to_potential": 0.8},
}


@dataclass
class Config:
    """A parsed config: its sections with defaults filled in and paths resolved.

    Parameters
    ----------
    path : Path
        The config file; relative paths inside it are resolved against its
        folder.
    sections : dict
        Every section of the file, with the defaults of :data:`DEFAULTS`
        filled in for what the file leaves out.
    sources : dict
        For each source name, its ``path`` (absolute) and its ``columns``
        mapping from the export's column names to segkit's names.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "segkit.toml").write_text(
    ...     '[sources]\\naccounts = "a.csv"\\nopportunities = "o.csv"\\n'
    ...     'reps = "r.csv"\\n'
    ... )
    >>> config = load_config(folder / "segkit.toml")
    >>> config.store_path == folder / "data" / "workspace.duckdb"
    True
    >>> config["segments"]["max_segments"]
    6
    """

    path: Path
    sections: dict[str, dict[str, Any]]
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.sections[section]

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def store_path(self) -> Path:
        return self._resolve(self["workspace"]["store"])

    @property
    def reports_dir(self) -> Path:
        return self._resolve(self["workspace"]["reports"])

    @property
    def currency(self) -> str:
        return str(self["workspace"]["currency"])

    @property
    def seed(self) -> int:
        return int(self["workspace"]["seed"])

    def _resolve(self, value: str | Path) -> Path:
        path = Path(value).expanduser()
        return path if path.is_absolute() else (self.folder / path).resolve()


def load_config(path: str | Path) -> Config:
    """Read and check a segkit config file.

    Parameters
    ----------
    path : str or Path
        The TOML config file.

    Returns
    -------
    Config
        The config, with defaults filled in and every path made absolute.

    Raises
    ------
    ConfigError
        When the file is missing, is not valid TOML, names an unknown section
        or key, or gives a value of the wrong type.
    """
    path = Path(path).expanduser().resolve()
    raw = _read_toml(path)

    # Fill defaults section by section, refusing keys nobody reads: a typo in
    # a key would otherwise be ignored without a word.
    sections = copy.deepcopy(DEFAULTS)
    for name, values in raw.items():
        if name == "sources":
            continue
        if name not in DEFAULTS:
            allowed = ", ".join(["sources", *DEFAULTS])
            raise ConfigError(
                f"{path}: unknown section [{name}]; expected one of: {allowed}."
            )
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: [{name}] should be a table of keys.")
        for key, value in values.items():
            _check_key(path, name, key, value)
            sections[name][key] = value

    config = Config(path=path, sections=sections)
    config.sources = _parse_sources(path, raw.get("sources", {}), config)
    return config


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(
            f"{path}: config file not found; create one with "
            "`segkit synth --out DIR` for an example, or check the path."
        )
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not a UTF-8 text file ({error}).") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}.") from None


def _check_key(path: Path, section: str, key: str, value: Any) -> None:
    defaults = DEFAULTS[section]
    if key not in defaults:
        allowed = ", ".join(defaults)
        raise ConfigError(
            f"{path}: unknown key '{key}' in [{section}]; expected one of: {allowed}."
        )
    expected = type(defaults[key])
    found_ok = isinstance(value, expected) and not (
        expected is not bool and isinstance(value, bool)
    )
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        found_ok = True
    if not found_ok:
        raise ConfigError(
            f"{path}: [{section}] {key} should be a {expected.__name__}, "
            f"found {value!r}; for example {key} = {defaults[key]!r}."
        )


_SOURCE_KEYS = {
    "path", "sql", "table", "query", "columns", "sheet", "delimiter", "encoding",
    "password_env",
}  # fmt: skip


def _parse_sources(
    path: Path, raw: dict[str, Any], config: Config
) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise ConfigError(
            f"{path}: sources should be a [sources] table naming each file, for "
            'example [sources] then accounts = "accounts.csv".'
        )
    sources = {}
    for name, spec in raw.items():
        if name not in SOURCE_NAMES:
            allowed = ", ".join(SOURCE_NAMES)
            raise ConfigError(
                f"{path}: unknown source '{name}' in [sources]; "
                f"expected one of: {allowed}."
            )
        sources[name] = _parse_source(path, name, spec, config)

    missing = [name for name in REQUIRED_SOURCES if name not in sources]
    if missing:
        raise ConfigError(
            f"{path}: [sources] lacks {', '.join(missing)}; every config needs "
            f"at least {', '.join(REQUIRED_SOURCES)}."
        )
    return sources


def _parse_source(path: Path, name: str, spec: Any, config: Config) -> dict:
    """One source: a file (CSV, Excel, Parquet) or an SQL table or query."""
    if isinstance(spec, str):
        spec = {"path": spec}
    if not isinstance(spec, dict):
        raise ConfigError(
            f"{path}: [sources] {name} should be a file path or a table, for "
            f'example {name} = "{name}.csv".'
        )
    if "password" in spec or "token" in spec:
        raise ConfigError(
            f"{path}: [sources.{name}] holds a password; keep secrets out of the "
            "config: name an environment variable instead, for example "
            'password_env = "CRM_DB_PASSWORD".'
        )
    unknown = sorted(set(spec) - _SOURCE_KEYS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown key '{unknown[0]}' in [sources.{name}]; expected "
            f"some of: {', '.join(sorted(_SOURCE_KEYS))}."
        )
    for key in _SOURCE_KEYS - {"columns"}:
        if key in spec and not isinstance(spec[key], str | int):
            raise ConfigError(
                f"{path}: [sources.{name}] {key} should be text, found {spec[key]!r}."
            )
    columns = spec.get("columns", {})
    if not isinstance(columns, dict) or not all(
        isinstance(v, str) for v in columns.values()
    ):
        raise ConfigError(
            f"{path}: [sources.{name}] columns should map export column "
            'names to segkit names, for example columns = {"Account ID" = '
            '"account_id"}.'
        )

    source = {key: value for key, value in spec.items() if key != "path"}
    source["columns"] = columns
    if "sql" in spec:
        if ("table" in spec) == ("query" in spec):
            raise ConfigError(
                f"{path}: [sources.{name}] reads SQL, so it needs either table "
                '(for example table = "accounts") or query, but not both.'
            )
        source["sql"] = _resolve_sql_url(str(spec["sql"]), config)
        return source
    if not isinstance(spec.get("path"), str):
        raise ConfigError(
            f"{path}: [sources.{name}] needs a path (a CSV, Excel or Parquet "
            f'file) or sql (a database URL), for example path = "{name}.csv".'
        )
    source["path"] = config._resolve(spec["path"])
    return source


def _resolve_sql_url(url: str, config: Config) -> str:
    """File databases named by a relative path are relative to the config."""
    for scheme in ("sqlite:///", "duckdb:///"):
        if url.startswith(scheme) and not url[len(scheme) :].startswith("/"):
            database = url[len(scheme) :]
            if database and database != ":memory:":
                return scheme + str(config._resolve(database))
    return url

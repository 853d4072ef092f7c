"""SQL sources behind a password: the secret is used, and written nowhere."""

import os
import secrets
import subprocess
import sys

import pandas as pd
import pytest
import sqlalchemy

from segkit import ConfigError, InputError
from segkit._readers import read_source
from segkit.synth import write_market
from tests.conftest import AS_OF, QUARTER

SECRET_VARIABLE = "SEGKIT_CRM_PASSWORD"


@pytest.fixture(scope="module")
def crm_database(postgres):
    """The sample market's CRM tables in PostgreSQL, readable by one role."""
    password = "s3cret-" + secrets.token_hex(12)
    admin = sqlalchemy.create_engine(postgres.admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sqlalchemy.text("CREATE DATABASE crm"))
        connection.execute(
            sqlalchemy.text(f"CREATE ROLE crm_reader LOGIN PASSWORD '{password}'")
        )
    admin.dispose()
    return postgres, password


def _market_in_postgres(folder, server):
    write_market(folder, n_accounts=600, seed=9, as_of=AS_OF)
    owner = sqlalchemy.create_engine(server.admin_url.replace("/postgres", "/crm"))
    with owner.begin() as connection:
        for name in ("accounts", "opportunities"):
            frame = pd.read_csv(folder / f"{name}.csv", dtype=str)
            frame.to_sql(name, connection, index=False, if_exists="replace")
            connection.execute(sqlalchemy.text(f"GRANT SELECT ON {name} TO crm_reader"))
    owner.dispose()
    url = server.url_for("crm_reader", "crm")
    config = (folder / "segkit.toml").read_text()
    for name in ("accounts", "opportunities"):
        config = config.replace(
            f'{name} = "{name}.csv"',
            f'{name} = {{ sql = "{url}", table = "{name}", '
            f'password_env = "{SECRET_VARIABLE}" }}',
        )
    (folder / "segkit.toml").write_text(config)
    return folder / "segkit.toml"


def _run(config, password):
    environment = {**os.environ, SECRET_VARIABLE: password}
    return subprocess.run(
        [sys.executable, "-m", "segkit", "run", "--config", str(config),
         "--quarter", QUARTER],
        capture_output=True, text=True, env=environment, timeout=600,
    )  # fmt: skip


def test_pipeline_reads_sql_with_the_secret_and_writes_it_nowhere(
    crm_database, tmp_path
):
    server, password = crm_database
    config = _market_in_postgres(tmp_path, server)

    result = _run(config, password)
    assert result.returncode == 0, result.stderr
    exported = pd.read_csv(tmp_path / "reports" / QUARTER / "exports" / "accounts.csv")
    assert len(exported) > 500

    secret = password.encode()
    assert secret not in result.stdout.encode() + result.stderr.encode()
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert any(path.suffix == ".duckdb" for path in written)
    leaks = [str(path) for path in written if secret in path.read_bytes()]
    assert leaks == []


def test_wrong_secret_fails_cleanly_without_echoing_it(crm_database, tmp_path):
    server, _ = crm_database
    config = _market_in_postgres(tmp_path, server)
    result = _run(config, "not-the-password")
    assert result.returncode == 1
    assert "accounts could not be read" in result.stderr
    assert "not-the-password" not in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_secret_variable_is_named(crm_database, monkeypatch):
    server, _ = crm_database
    monkeypatch.delenv(SECRET_VARIABLE, raising=False)
    spec = {
        "sql": server.url_for("crm_reader", "crm"),
        "table": "accounts",
        "password_env": SECRET_VARIABLE,
    }
    with pytest.raises(ConfigError, match=rf"{SECRET_VARIABLE}, but that env"):
        read_source("accounts", spec, ["account_id"])


def test_sql_errors_name_the_source_but_not_the_secret(crm_database, monkeypatch):
    server, password = crm_database
    monkeypatch.setenv(SECRET_VARIABLE, password)
    spec = {
        "sql": server.url_for("crm_reader", "crm"),
        "query": f"SELECT '{password}' AS account_id FROM missing_table",
        "password_env": SECRET_VARIABLE,
    }
    with pytest.raises(InputError, match=r"crm_reader:\*\*\*@.*could not be read"):
        read_source("accounts", spec, ["account_id"])
    try:
        read_source("accounts", spec, ["account_id"])
    except InputError as error:
        assert password not in str(error)

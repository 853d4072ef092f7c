"""The configs shown in the docs are configs segkit accepts."""

import re
from pathlib import Path

import pytest

from segkit import load_config

DOCS = Path(__file__).parent.parent / "docs"


def _toml_blocks(name):
    text = (DOCS / name).read_text()
    return re.findall(r"```toml\n(.*?)```", text, flags=re.S)


def test_the_whole_config_example_loads(tmp_path):
    whole = _toml_blocks("config.md")[0]
    (tmp_path / "segkit.toml").write_text(whole)
    config = load_config(tmp_path / "segkit.toml")
    assert config.currency == "EUR"
    assert config.sources["opportunities"]["password_env"] == "CRM_DB_PASSWORD"
    assert config["market"]["min_employees"] == 50


@pytest.mark.parametrize("block", _toml_blocks("config.md")[1:])
def test_source_examples_load(tmp_path, block):
    required = 'accounts = "a.csv"\nopportunities = "o.csv"\nreps = "r.csv"\n'
    text = block if "[sources]" in block else "[sources]\n" + block
    for line in required.splitlines():
        if line.split(" =")[0] + " =" not in text:
            text += "\n" + line
    (tmp_path / "segkit.toml").write_text(text)
    assert load_config(tmp_path / "segkit.toml").sources

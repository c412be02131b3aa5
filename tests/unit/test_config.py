"""Configuration: one TOML file, KIOSK_* overrides, errors that name the key."""

from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config, resolve_config_path
from kiosk.paths import bundled_config_dir


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_demo_config_loads() -> None:
    config = load_config(bundled_config_dir() / "demo.toml", environ={})
    assert config.is_demo
    assert config.pms.kind == "demo" and config.terminal.kind == "simulated"


def test_demo_is_the_default_when_nothing_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_config_path() == bundled_config_dir() / "demo.toml"


def test_a_production_machine_without_config_refuses(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_SITE_CONFIG_DIR", str(tmp_path))
    with pytest.raises(ConfigError, match="set up for production"):
        resolve_config_path()
    (tmp_path / "kiosk.toml").write_text('mode = "demo"\n')
    assert resolve_config_path() == tmp_path / "kiosk.toml"


def test_environment_overrides_are_typed(tmp_path: Path) -> None:
    path = write(tmp_path, 'mode = "demo"\n')
    config = load_config(path, environ={
        "KIOSK_PMS__DEMO__LATENCY_MS": "250",
        "KIOSK_TERMINAL__SIMULATED__SCRIPT": '["decline", "approve"]',
        "KIOSK_CLINIC__NAME": "Lakeside Clinic",
        "KIOSK_CLINIC__ALLOW_COPAY": "true",
        "KIOSK_SECRET_AUDIT_KEY": "not a config key",
    })
    assert config.pms.demo.latency_ms == 250
    assert config.terminal.simulated.script == ("decline", "approve")
    assert config.clinic.name == "Lakeside Clinic"
    assert config.clinic.allow_copay is True


@pytest.mark.parametrize(("text", "key", "words"), [
    ('mode = "demo"\n[pms.demo]\nlatency_ms = "fast"\n', "pms.demo.latency_ms", "integer"),
    ('mode = "demo"\n[clinic]\ntimezone = "Mars/Olympus"\n', "clinic.timezone", "time zone"),
    ('mode = "demo"\n[clinic]\nnmae = "x"\n', "clinic.nmae", "unknown key"),
    ('mode = "demo"\n[lookup]\nmax_failures = 0\n', "lookup.max_failures", "greater"),
    ('mode = "party"\n', "mode", "demo"),
    ('terminal_id = "k1"\n', "mode", "required"),
    ('mode = "demo"\n[pms.demo]\npatients = 12\n', "pms.demo.patients", "300"),
])
def test_errors_name_the_key_and_the_problem(tmp_path: Path, text: str, key: str,
                                             words: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), environ={})
    assert error.value.key == key
    assert words in str(error.value)


def test_an_env_override_error_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, 'mode = "demo"\n'),
                    environ={"KIOSK_SYNC__INTERVAL_S": "often"})
    assert error.value.source == "KIOSK_SYNC__INTERVAL_S"
    assert error.value.key == "sync.interval_s"


@pytest.mark.parametrize("text", [
    'mode = "demo"\n[pms]\nkind = "demo"\n[pms.demo]\napi_key = "sk_live_123"\n',
    'mode = "demo"\n[clinic]\nsmtp_password = "hunter2"\n',
    'mode = "demo"\nadmin_token = "abc"\n',
    'mode = "demo"\n[terminal]\nclient_secret = "s3cr3t"\n',
])
def test_secrets_in_the_file_are_refused_with_where_they_go(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, text), environ={})
    message = str(error.value)
    assert "secrets never go in the config file" in message
    assert "KIOSK_SECRET_" in message and "keyring" in message
    assert "hunter2" not in message and "sk_live_123" not in message


def test_names_of_secrets_and_token_urls_are_not_secrets(tmp_path: Path) -> None:
    # Refused only because they are unknown keys, not as secrets.
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, 'mode = "demo"\ntoken_url = "https://x/token"\n'), environ={})
    assert "unknown key" in str(error.value)


def test_production_refuses_simulators(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, 'mode = "production"\n'), environ={})
    assert error.value.key == "pms.kind"
    assert "simulator" in str(error.value)


@pytest.mark.parametrize(("content", "words"), [
    (b"mode = \"demo\"\n[clinic\n", "not valid TOML"),
    (b"\xff\xfe\x00garbage", "not"),
])
def test_malformed_files(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=words):
        load_config(path, environ={})


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", environ={})

"""settings.json: every value is checked by type and range, and a wrong one is named."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.config import Settings
from desktop.domain.errors import StartupError
from desktop.settings_file import SettingsError

PI = {
    "url": "https://otp.clinic.example",
    "realm": "clinic",
    "service_account": "icorerx",
    "public_key_file": "pi-public.pem",
}


def write(tmp_path, values) -> None:
    (tmp_path / "settings.json").write_text(json.dumps(values), encoding="utf-8")


def refusal(tmp_path, values) -> SettingsError:
    write(tmp_path, values)
    with pytest.raises(SettingsError) as info:
        Settings.load(tmp_path)
    return info.value


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"workstation": 12}, '"workstation" must be text in quotes'),
        ({"workstation": "   "}, '"workstation" must be a name of 1 to 100'),
        ({"workstation": "x" * 101}, '"workstation" must be a name of 1 to 100'),
        ({"workstation": "desk\n2"}, '"workstation" must be a name'),
        ({"demo": "yes"}, '"demo" must be true or false, not "yes"'),
        ({"demo": 1}, '"demo" must be true or false, not 1'),
        ({"adapter": 3}, '"adapter" must be the name of an identity service'),
        ({"adapter": "exostar"}, '"adapter": "exostar" is not an installed identity service'),
        ({"adapter_options": ["folder"]}, '"adapter_options" must be an object'),
        (
            {"adapter_options": {"key_store": 5}},
            '"adapter_options.key_store" must be "auto" or "keyring" or "file", not 5',
        ),
        (
            {"adapter_options": {"keystore": "file"}},
            '"adapter_options.keystore" is not an option of the "local" identity service',
        ),
        (
            {"adapter_options": {"delivery": "webhook"}},
            '"adapter_options.delivery" must be an object',
        ),
        (
            {"adapter_options": {"delivery": {"channel": "webhook", "timeout": "5"}}},
            '"adapter_options.delivery.timeout" must be a number of seconds',
        ),
        (
            {"adapter_options": {"delivery": {"channel": "pigeon"}}},
            '"adapter_options.delivery.channel" must be "outbox" or "webhook"',
        ),
        (
            {"adapter_options": {"delivery": {"retries": 2.5}}},
            '"adapter_options.delivery.retries" must be a whole number from 0 to 10',
        ),
        (
            {"adapter": "privacyidea", "adapter_options": {**PI, "timeout_s": -1}},
            '"adapter_options.timeout_s" must be a number of seconds above 0',
        ),
        (
            {"adapter": "privacyidea", "adapter_options": {**PI, "verify_tls": "no"}},
            '"adapter_options.verify_tls" must be true or false, not "no"',
        ),
        (
            {"adapter": "privacyidea", "adapter_options": {**PI, "url": "otp.clinic.example"}},
            '"adapter_options.url" must be a web address starting with https://',
        ),
        (
            {"adapter": "privacyidea", "adapter_options": {"url": PI["url"]}},
            '"adapter_options.realm" is missing',
        ),
    ],
)
def test_each_wrong_value_is_named_with_what_is_expected(tmp_path, values, words):
    error = refusal(tmp_path, values)
    assert words in error.message
    assert isinstance(error, StartupError) and error.path == tmp_path / "settings.json"
    assert str(tmp_path / "settings.json") in error.message
    assert "Correct them in the file" in error.next_step


def test_every_problem_is_listed_at_once(tmp_path):
    error = refusal(tmp_path, {"workstation": 7, "demo": "no", "adapter_options": {"x": 1}})
    assert error.message.count("\n- ") == 3


def test_good_values_load_as_they_are(tmp_path):
    values = {
        "adapter": "local",
        "adapter_options": {
            "folder": str(tmp_path / "id"),
            "key_store": "file",
            "delivery": {"channel": "webhook", "url": "https://sms.example", "timeout": 5},
        },
        "demo": True,
        "workstation": "front-desk-2",
        "written_by_a_newer_version": 1,
    }
    write(tmp_path, values)
    settings = Settings.load(tmp_path)
    assert settings.workstation == "front-desk-2" and settings.demo is True
    assert settings.adapter_options["delivery"]["timeout"] == 5
    write(tmp_path, {"adapter": "privacyidea", "adapter_options": {**PI, "timeout_s": 10}})
    assert Settings.load(tmp_path).adapter == "privacyidea"


def test_the_file_the_application_saves_loads_again(tmp_path):
    Settings().save(tmp_path)
    assert Settings.load(tmp_path) == Settings()


@pytest.mark.parametrize("command", [["demo"], ["audit", "verify"], ["tokens", "list"]])
def test_every_command_refuses_a_bad_settings_file_with_exit_2(tmp_path, capsys, command):
    write(tmp_path, {"workstation": 12})
    assert main([*command, "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert '"workstation" must be text' in err and "Traceback" not in err


# privacyIDEA over the network: https only -----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://otp.clinic.example", "http://10.0.0.5:5000", "http://127.0.0.1.example.com"],
)
def test_plain_http_to_another_computer_is_refused_with_what_to_do(tmp_path, url):
    error = refusal(tmp_path, {"adapter": "privacyidea", "adapter_options": {**PI, "url": url}})
    assert f'"adapter_options.url" "{url}" uses plain http://' in error.message
    assert "Use https://" in error.message and '"ca_file"' in error.message


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:5000",
        "http://127.0.0.1:8080",
        "http://127.20.3.4",
        "http://[::1]:5000/pi",
        "https://otp.clinic.example",
    ],
)
def test_http_to_this_computer_and_https_anywhere_are_accepted(tmp_path, url):
    write(tmp_path, {"adapter": "privacyidea", "adapter_options": {**PI, "url": url}})
    assert Settings.load(tmp_path).adapter_options["url"] == url


@pytest.mark.parametrize(
    ("adapter", "options", "unchecked"),
    [
        ("privacyidea", {**PI, "verify_tls": False}, True),
        ("privacyidea", {**PI, "verify_tls": True}, False),
        ("privacyidea", PI, False),
        ("local", {}, False),
    ],
)
def test_tls_checks_off_is_known_from_the_settings(tmp_path, adapter, options, unchecked):
    write(tmp_path, {"adapter": adapter, "adapter_options": options})
    assert Settings.load(tmp_path).tls_unchecked is unchecked


def test_the_window_warns_while_tls_checks_are_off(qtbot):
    import types

    from desktop.config import TLS_OFF_WARNING
    from desktop.views.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert not window.tls_banner.isVisible() and not window.tls_status.isVisible()
    off = Settings(adapter="privacyidea", adapter_options={**PI, "verify_tls": False})
    window._context = types.SimpleNamespace(settings=off, practice=None)
    window.show_practice()
    assert window.tls_banner.isVisible() and window.tls_status.isVisible()
    assert window.tls_banner.text() == (
        "Connection to the identity server is not checked (TLS verification is off). "
        "Ask IT to turn it on."
    )
    assert window.tls_status.toolTip() == TLS_OFF_WARNING
    # Above every screen: in the window's frame, not on one page of the stack.
    assert not window.ui.mainStack.isAncestorOf(window.tls_banner)
    window._context = types.SimpleNamespace(settings=Settings(), practice=None)
    window.show_practice()
    assert not window.tls_banner.isVisible()
    window._context = None


def test_the_keys_read_before_the_paint_are_the_settings_keys():
    """The window reads the file (`read_settings`) before `Settings` is loaded: both know
    the same keys, so a key added to one is read by the other."""
    from dataclasses import fields

    from desktop.settings_file import SETTINGS_KEYS

    assert set(SETTINGS_KEYS) == {field.name for field in fields(Settings)}


def test_a_bad_settings_file_is_refused_before_the_window_opens(tmp_path, capsys):
    """The window checks the whole file before its first paint, as `Settings.load` does:
    no sign-in form opens on settings it cannot use."""
    from desktop.app import run

    write(tmp_path, {"demo": "yes"})
    shown: list[object] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("desktop.views.messages.show_startup_error", lambda e, w: shown.append(w))
        assert run(tmp_path) == 2
    assert shown == [None]
    assert '"demo" must be true or false' in capsys.readouterr().err

"""The config file's [keys] table: parsed into a keymap, mistakes located like the loader's."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import MakeApp, WriteConfig, toasts
from timer_tui.library.config import load_config, parse_config
from timer_tui.ui.app import known_binding_ids

IDS = {"countdown.pause", "countdown.next", "app.help"}


def test_keys_become_a_keymap() -> None:
    config = parse_config(
        '[keys]\n"countdown.pause" = "k"\n"countdown.next" = ["j", "l"]\n', known_ids=IDS
    )
    assert config.errors == ()
    assert config.keys == {"countdown.pause": "k", "countdown.next": "j,l"}


def test_comma_separated_keys_are_trimmed() -> None:
    config = parse_config('[keys]\n"app.help" = "h, f1"\n', known_ids=IDS)
    assert config.keys == {"app.help": "h,f1"}


def test_an_unknown_binding_id_is_located_with_a_suggestion() -> None:
    config = parse_config('\n[keys]\n"countdown.pase" = "k"\n', Path("c.toml"), known_ids=IDS)
    assert config.keys == {}
    (error,) = config.errors
    assert error.format().startswith("c.toml:3:1: keys.countdown.pase: unknown binding id")
    assert "did you mean `countdown.pause`?" in error.message


def test_a_bad_key_value_is_an_error_and_the_others_still_apply() -> None:
    text = '[keys]\n"countdown.pause" = 5\n"countdown.next" = ""\n"app.help" = "h"\n'
    config = parse_config(text, known_ids=IDS)
    assert [e.line for e in config.errors] == [2, 3]
    assert "found 5" in config.errors[0].message
    assert config.keys == {"app.help": "h"}


def test_an_unknown_section_is_named_with_the_allowed_ones() -> None:
    config = parse_config('[key]\n"app.help" = "h"\n', known_ids=IDS)
    (error,) = config.errors
    assert error.line == 1
    assert "unknown section `key`; did you mean `keys`?" in error.message


def test_toml_syntax_errors_are_located() -> None:
    config = parse_config('[keys]\n"app.help" = \n', Path("c.toml"), known_ids=IDS)
    (error,) = config.errors
    assert error.format().startswith("c.toml:2:")
    assert "TOML syntax" in error.message


def test_a_missing_file_is_the_defaults_and_a_non_utf8_file_an_error(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.toml").errors == ()
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'[keys]\n"app.help" = "\xff"\n')
    (error,) = load_config(bad).errors
    assert error.line == 2 and "UTF-8" in error.message


def test_the_app_knows_every_binding_id_of_its_screens() -> None:
    ids = known_binding_ids()
    assert {
        "countdown.pause",
        "countdown.quit",
        "picker.filter",
        "summary.close",
        "app.help",
    } <= ids
    assert all(i.count(".") == 1 for i in ids if i.startswith(("countdown", "picker", "app")))


def test_a_list_with_a_non_string_is_refused() -> None:
    config = parse_config('[keys]\n"app.help" = ["h", 1]\n', known_ids=IDS)
    assert config.keys == {} and config.errors[0].line == 2


def test_keys_with_spaces_are_refused() -> None:
    config = parse_config('[keys]\n"app.help" = "h j"\n', known_ids=IDS)
    assert config.keys == {} and "expected a key" in config.errors[0].message


def test_without_known_ids_any_binding_id_is_taken() -> None:
    config = parse_config('[keys]\n"someone.else" = "x"\n')
    assert config.keys == {"someone.else": "x"} and config.errors == ()


def test_keys_must_be_a_table() -> None:
    config = parse_config('keys = "k"\n', known_ids=IDS)
    assert "expected a table" in config.errors[0].message


async def test_config_errors_show_brackets_in_the_toast(
    make_app: MakeApp, write_config: WriteConfig
) -> None:
    config = write_config('[kyes]\n"countdown.pause" = "k"\n')
    app = make_app(load_entries=list, config_file=config)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        (toast,) = toasts(app)
        assert "unknown section `kyes`; did you mean `keys`? (allowed: [keys], [run]," in (
            toast.message
        )
        assert toast.markup is False  # else "[keys]" would be read as a style and vanish

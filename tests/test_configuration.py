"""The configuration file (.checker.toml, [tool.checker]), rule selection and per-rule severity (issue 16)."""

from __future__ import annotations

import json

import pytest

ARTICLE = (
    "We can read in the letter that the mayor of zorblatt resigned on Monday. The forces of kyiv held the line.\n\n"
    "He has lived there since 3 years, and the council him gave the keys of the city.\n"
)


def findings(run_cli, *args) -> list[tuple[str, str, str]]:
    result = run_cli("check", *args, "--format", "json", "--quiet")
    assert result.exit_code in (0, 1), result.stderr
    return sorted((f["code"], f["severity"], f["text"]) for f in json.loads(result.stdout)["articles"][0]["findings"])


@pytest.fixture
def repository(tmp_path):
    (tmp_path / "articles").mkdir()
    article = tmp_path / "articles" / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "names.txt").write_text("Zorblatt\n", encoding="utf-8")
    return tmp_path


def test_a_checker_toml_ignores_raises_and_adds_exactly_what_it_says(run_cli, repository):
    article = repository / "articles" / "a.txt"
    before = findings(run_cli, article)
    assert ("GARB100", "minor", "him") in before and ("GARB014", "minor", "since 3 years") in before
    assert not any(text == "zorblatt" for _, _, text in before)
    (repository / ".checker.toml").write_text(
        'ignore = ["GARB100"]\n[severity]\nGARB014 = "major"\n[word-lists]\nproper-nouns = ["names.txt"]\n',
        encoding="utf-8",
    )
    after = findings(run_cli, article)
    expected = sorted(
        [(c, "major" if c == "GARB014" else s, t) for c, s, t in before if c != "GARB100"]
        + [("GARB002", "major", "zorblatt")]
    )
    assert after == expected
    # --isolated reads no file: the run of before.
    assert findings(run_cli, article, "--isolated") == before


def test_pyproject_tool_checker_is_found_from_a_subfolder_and_the_command_line_wins(run_cli, repository):
    article = repository / "articles" / "a.txt"
    (repository / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.checker]\nselect = ["GARB014"]\nretranslate = false\n', encoding="utf-8"
    )
    assert {c for c, _, _ in findings(run_cli, article)} == {"GARB014"}
    assert {c for c, _, _ in findings(run_cli, article, "--select", "GARB002,GARB014")} == {"GARB002", "GARB014"}
    assert {s for c, s, _ in findings(run_cli, article, "--severity", "GARB014=major")} == {"major"}
    # A pyproject.toml without [tool.checker] nearer the article is passed over.
    (repository / "articles" / "pyproject.toml").write_text('[project]\nname = "y"\n', encoding="utf-8")
    assert {c for c, _, _ in findings(run_cli, article)} == {"GARB014"}


@pytest.mark.parametrize(
    "content, named",
    [
        ('selct = ["GARB"]\n', "'selct'"),
        ('[severity]\nGARB014 = "fatal"\n', "'severity'"),
        ('select = ["NOPE"]\n', "'NOPE'"),
        ('[word-lists]\npropernouns = ["x"]\n', "'propernouns'"),
        ("engine = 3\n", "'engine'"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_an_unknown_key_or_a_bad_value_exits_2_naming_it(run_cli, repository, content, named):
    (repository / ".checker.toml").write_text(content, encoding="utf-8")
    result = run_cli("check", repository / "articles" / "a.txt", "--no-retranslate")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and named in result.stderr and ".checker.toml" in result.stderr


def test_checker_config_prints_each_setting_and_where_it_came_from(run_cli, repository):
    (repository / ".checker.toml").write_text('ignore = ["GARB100"]\nfail-on = "minor"\n', encoding="utf-8")
    out = run_cli("config", repository / "articles").stdout
    config_file = str(repository / ".checker.toml")
    assert f"# configuration file: {config_file}" in out
    assert f'ignore = ["GARB100"]    # {config_file}' in out
    assert f'fail-on = "minor"    # {config_file}' in out
    assert 'select = ["ALL"]    # default' in out
    assert "# rules reported: 27" in out


def test_include_and_exclude_patterns_choose_the_files_found_in_folders(run_cli, repository):
    drafts = repository / "articles" / "drafts"
    drafts.mkdir()
    (drafts / "b.txt").write_text("The forces of kyiv held.\n", encoding="utf-8")
    (repository / ".checker.toml").write_text('retranslate = false\nexclude = ["drafts/"]\n', encoding="utf-8")
    report = json.loads(run_cli("check", repository / "articles", "--format", "json").stdout)
    assert [a["path"].rsplit("/", 1)[-1] for a in report["articles"]] == ["a.txt"]
    # A file named on the command line is checked all the same.
    assert run_cli("check", drafts / "b.txt", "--format", "json").exit_code == 1


def test_word_lists_extend_or_replace_the_bundled_loanwords(run_cli, repository):
    article = repository / "articles" / "a.txt"
    article.write_text("The minister praised the savoir-faire of the team and its joie de vivre.\n", encoding="utf-8")
    (repository / "mine.txt").write_text("savoir-faire\n", encoding="utf-8")
    bundled = {t for c, _, t in findings(run_cli, article, "--no-retranslate", "--select", "GARB013")}
    (repository / ".checker.toml").write_text(
        'retranslate = false\nselect = ["GARB013"]\n[word-lists]\nloanwords = ["mine.txt"]\nreplace = ["loanwords"]\n',
        encoding="utf-8",
    )
    replaced = {t for c, _, t in findings(run_cli, article)}
    assert "joie de vivre" not in bundled and "savoir-faire" not in bundled  # both adopted by the bundled list
    assert "savoir-faire" not in replaced and any("joie" in t or "vivre" in t for t in replaced)


def test_an_exonym_list_of_the_configuration_teaches_the_name_check_an_english_form(repository):
    import checker

    (repository / "exonyms.txt").write_text("Quimbolle | Harwick\n", encoding="utf-8")
    english = "The mayor of Harwick resigned on Monday after the vote."
    french = "Le maire de Quimbolle a démissionné lundi après le vote."

    def codes(config) -> list[str]:
        record = checker.check_text(english, source=french, config=config)
        return [f["code"] for f in record["findings"]]

    settings = 'retranslate = false\nsource-engine = "none"\n'
    (repository / ".checker.toml").write_text(settings, encoding="utf-8")
    assert codes(checker.load_config(repository / ".checker.toml")) == ["BIL003"]
    (repository / ".checker.toml").write_text(settings + '[word-lists]\nexonyms = ["exonyms.txt"]\n', encoding="utf-8")
    assert codes(checker.load_config(repository / ".checker.toml")) == []

"""Bilingual mode: the English checked against its French source (pairs written for these tests)."""

import json

import pytest

from checker.bilingual import (
    Link,
    SourceSentence,
    align,
    check_against_source,
    compare_with_translation,
    implied_numbers,
    number_values,
    split_french,
)
from checker.document import parse_document
from checker.errors import InputError

FRENCH = (
    "Le président Zelensky a rencontré Emmanuel Macron à Kiev le 11 janvier. "
    "Selon lui, 2 700 soldats nord-coréens ont été blessés et 3,5 milliards d'euros promis.\n"
    "Les forces ukrainiennes ont capturé deux soldats, qui ont été interrogés par les services de sécurité.\n"
)
ENGLISH = (
    "President Zelensky met Emmanuel Macron in Kyiv on January 11. "
    "According to him, 2,700 North Korean soldiers were wounded and 3.5 billion euros promised.\n"
    "Ukrainian forces captured two soldiers. They were questioned by the security services.\n"
)


def check(nlp, english, french=FRENCH):
    document = parse_document(english, nlp)
    findings, links, source = check_against_source(document, french)
    return document, findings, links, source


def test_numbers_compare_by_value_across_locales():
    assert number_values("2 700, 3,5 %, 12 h 00, 1.200.000") == ["2700", "3.5", "1200", "1200000"]
    assert number_values("2,700, 3.5%, 12:00, 1,200,000") == ["2700", "3.5", "1200", "1200000"]


def test_a_faithful_translation_gets_no_bilingual_finding(nlp):
    _, findings, links, source = check(nlp, ENGLISH)
    assert findings == []
    assert len(source) == 3 and any(len(link.target) == 2 for link in links)  # the split sentence: a 1-2 link


def test_a_changed_number_french_left_in_and_a_lost_name_are_flagged(nlp):
    english = (
        ENGLISH.replace("2,700", "2,900")
        .replace("captured two soldiers", "captured deux soldiers")
        .replace("met Emmanuel Macron in Kyiv", "met the French president in Kyiv")
    )
    document, findings, _, _ = check(nlp, english)
    by_code = {f.code: f for f in findings}
    assert set(by_code) == {"BIL001", "BIL002", "BIL003"}
    assert by_code["BIL001"].text == "2,900" and english[by_code["BIL001"].start : by_code["BIL001"].end] == "2,900"
    assert by_code["BIL002"].text == "deux"
    assert "Macron" in by_code["BIL003"].message
    assert all(english[f.start : f.end] == f.text for f in findings)


def test_numbers_the_french_writes_in_words_dates_or_roman_ordinals_are_not_flagged(nlp):
    assert implied_numbers("l'ère de l'après-11 septembre 2001") == {"9"}
    assert implied_numbers("au XXe siècle, dix-huit soldats") == {"20", "10", "8", "18"}
    assert implied_numbers("la réunion de 15 h") == {"15", "3"}
    assert implied_numbers("le train de 20 h 30 dure 2 h 16") >= {"830", "8", "2", "16"}
    assert {"250", "21", "195", "1989", "71"} <= implied_numbers(
        "deux cent cinquante, vingt et unième, cent quatre-vingt-quinze, mille neuf cent quatre-vingt-neuf, "
        "soixante et onze"
    )
    assert "3" not in implied_numbers("un et deux")  # 'et' joins 'vingt et un', not two numbers
    assert {"1000", "12"} <= implied_numbers("un millier de personnes à midi")
    french = (
        "Les fouilles sont devenues plus intrusives depuis le 11 septembre 2001, au XXIe siècle, pour trois raisons."
    )
    faithful = "Searches have become more intrusive in the post-9/11 era, in the 21st century, for 3 reasons."
    assert check(nlp, faithful, french)[1] == []
    changed = check(nlp, faithful.replace("3 reasons", "4 reasons"), french)[1]
    assert [(f.code, f.text) for f in changed] == [("BIL001", "4")]


def test_a_name_is_looked_for_in_every_english_sentence_of_its_source_sentence(nlp):
    french = (
        "Mon premier emploi c'était dans la vente, à Londres, à gagner trois fois rien et c'était pourtant "
        "un poste pour lequel il fallait un diplôme.\n"
    )
    split = (
        "My first job was in sales, in London, earning next to nothing. "
        "And yet it was a job for which you needed a diploma.\n"
    )
    _, findings, links, _ = check(nlp, split, french)
    assert [link.target for link in links] == [(0, 1)] and findings == []
    lost = split.replace("in London", "in town")
    _, findings, _, _ = check(nlp, lost, french)
    (missing,) = findings
    assert missing.code == "BIL003" and "Londres" in missing.message
    assert missing.text == lost.rstrip("\n")  # the whole pair of sentences


def test_a_sentence_that_loses_half_its_source_is_flagged_for_its_length(nlp):
    french = (
        "Le gouvernement a annoncé mardi un plan d'aide aux agriculteurs touchés par la sécheresse, "
        "qui sera financé par une taxe exceptionnelle sur les bénéfices des grandes entreprises.\n" + FRENCH
    )
    faithful = (
        "The government announced on Tuesday an aid plan for farmers hit by the drought, "
        "which will be funded by an exceptional tax on the profits of large companies.\n" + ENGLISH
    )
    assert check(nlp, faithful, french)[1] == []
    cut = "The government announced on Tuesday an aid plan.\n"
    (short,) = check(nlp, cut + ENGLISH, french)[1]
    assert short.code == "BIL007" and short.text == cut.rstrip("\n") and "lost" in short.message


def test_brackets_and_quotes_are_kept_as_in_the_source(nlp):
    french = "Le ministre (qui parlait à Paris) a déclaré : « Nous ne céderons pas ».\n"
    faithful = 'The minister (who was speaking in Paris) said: "We will not give in".\n'
    assert check(nlp, faithful, french)[1] == []
    broken = 'The minister, who was speaking in Paris) said: "We will not give in.\n'
    (marks,) = check(nlp, broken, french)[1]
    assert marks.code == "BIL008" and marks.text == broken.rstrip("\n")
    assert "'(' and ')' 1 and 1 time(s) in the source, 0 and 1 in the English" in marks.message
    assert "unpaired" in marks.message
    commas = 'The minister, who was speaking in Paris, said: "We will not give in".\n'
    assert check(nlp, commas, french)[1] == []  # an aside set off with commas is a translator's choice


def test_alignment_handles_a_sentence_the_english_leaves_out(nlp):
    english = ENGLISH.split("\n")[0] + "\n"
    source = split_french(FRENCH)
    target = [english[s.start : s.end] for s in parse_document(english, nlp).sentences]
    links = align(source, target)
    assert [link.target for link in links if not link.source] == []
    assert any(link.source == (2,) and link.target == () for link in links)  # the omitted sentence


def test_a_source_of_another_article_is_refused(nlp):
    other = (
        "Le conseil municipal de Lyon a adopté son budget après une longue nuit de débats. "
        "La maire a présenté un budget de 800 millions d'euros, en hausse de 4 % sur un an. "
        "L'opposition a voté contre, estimant que les ménages les plus modestes étaient oubliés. "
        "Le vote a eu lieu à 2 heures du matin, devant une salle presque vide, à Villeurbanne et Vénissieux."
    )
    with pytest.raises(InputError, match="does not look like the original"):
        check(nlp, ENGLISH * 2, other)


def test_cli_source_option_and_folder_convention(run_cli, tmp_path):
    (tmp_path / "story.en.txt").write_text(ENGLISH.replace("2,700", "2,900"), encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text(FRENCH, encoding="utf-8")
    result = run_cli("check", tmp_path, "--no-retranslate", "--format", "json")
    records = json.loads(result.stdout)
    assert [a["path"] for a in records["articles"]] == [str(tmp_path / "story.en.txt")]  # the French is not checked
    assert [f["code"] for f in records["articles"][0]["findings"]] == ["BIL001"]
    assert {s["name"]: s["ran"] for s in records["articles"][0]["signals"]}["source"] is True
    other = tmp_path / "other.fr.txt"
    other.write_text(
        "Une tout autre histoire, sans rapport aucun. " * 6 + "Elle parle de Lyon, de Vénissieux, "
        "de Villeurbanne, de Bron, de 800 millions et de 4 %.",
        encoding="utf-8",
    )
    mismatch = run_cli("check", tmp_path / "story.en.txt", "--source", other, "--no-retranslate")
    assert mismatch.exit_code == 2 and mismatch.stderr.count("\n") == 1
    assert "does not look like the original" in mismatch.stderr


def test_an_english_sentence_unlike_the_sources_own_translation_is_flagged(nlp):
    document, _, links, source = check(nlp, ENGLISH)
    direct = [
        "President Zelensky met Emmanuel Macron in Kiev on 11 January.",
        "According to him, 2,700 North Korean soldiers were injured and 3.5 billion euros were promised.",
        "Ukrainian forces captured two soldiers, who were questioned by the security services.",
    ]
    assert compare_with_translation(document, links, direct) == []
    direct[2] = "The weather in Lyon will be sunny tomorrow afternoon."
    (diverges,) = compare_with_translation(document, links, direct)
    assert diverges.code == "BIL009" and diverges.suggestion == direct[2]
    first = document.sentences[links[-1].target[0]]
    assert diverges.start == first.start and ENGLISH[diverges.start : diverges.end] == diverges.text


def test_the_source_is_translated_when_the_engine_has_fr_en_and_the_report_says_when_not(
    run_cli, tmp_path, tiny_marian
):
    from checker.engines import load_engine

    (tmp_path / "story.en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text(FRENCH, encoding="utf-8")
    bergamot = json.loads(
        run_cli("check", tmp_path / "story.en.txt", "--format", "json", "--quiet", "--source-engine", "none").stdout
    )
    signal = {s["name"]: s for s in bergamot["articles"][0]["signals"]}["source-translation"]
    assert (
        signal["ran"] is False and "no fr->en model" in signal["detail"] and "--source-engine none" in signal["detail"]
    )

    result = run_cli(
        "check",
        tmp_path / "story.en.txt",
        "--engine",
        "marian",
        "--model",
        tiny_marian,
        "--back-model",
        tiny_marian,
        "--beam-size",
        "1",
        "--format",
        "json",
        "--quiet",
        "--source-engine",
        "none",
    )
    article = json.loads(result.stdout)["articles"][0]
    signal = {s["name"]: s for s in article["signals"]}["source-translation"]
    assert signal["ran"] is True and "marian" in signal["detail"]
    # Random weights translate into nonsense: every pair diverges, with the engine's own translation as evidence.
    engine = load_engine("marian", model=str(tiny_marian), back_model=str(tiny_marian), beam_size=1)
    expected = engine.translate([" ".join(s.text.split()) for s in split_french(FRENCH)], "fr", "en")
    diverging = [f for f in article["findings"] if f["code"] == "BIL009"]
    assert [f["suggestion"] for f in diverging] == [" ".join(t.split()) for t in expected]  # one per link, 1-1 or 1-2


def test_the_html_report_shows_source_and_translation_side_by_side(run_cli, tmp_path):
    (tmp_path / "story.en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "story.fr.txt").write_text(FRENCH, encoding="utf-8")
    result = run_cli(
        "check",
        tmp_path / "story.en.txt",
        "--source",
        tmp_path / "story.fr.txt",
        "--no-retranslate",
        "--format",
        "html",
    )
    page = result.stdout
    assert 'class="side-by-side"' in page and "Kiev le 11 janvier" in page and "Kyiv on January 11" in page
    records = json.loads(
        run_cli(
            "check",
            tmp_path / "story.en.txt",
            "--source",
            tmp_path / "story.fr.txt",
            "--no-retranslate",
            "--format",
            "json",
        ).stdout
    )
    links = records["articles"][0]["source"]["links"]
    assert sorted(i for link in links for i in link["target"]) == [s["id"] for s in records["articles"][0]["sentences"]]


def test_an_omitted_source_sentence_is_flagged_next_to_the_gap(nlp):
    english = ENGLISH.split("\n")[0] + "\n"
    _, findings, _, _ = check(nlp, english)
    (omission,) = findings
    assert omission.code == "BIL005" and "Les forces ukrainiennes" in omission.message
    assert omission.text == english.strip().split("January 11. ")[1]  # the English sentence before the gap


def test_the_glossary_requires_its_english_term(run_cli, tmp_path):
    english = tmp_path / "story.en.txt"
    english.write_text(ENGLISH.replace("Kyiv", "Kiev"), encoding="utf-8")
    french = tmp_path / "story.fr.txt"
    french.write_text(FRENCH, encoding="utf-8")
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("# newsroom glossary\nKiev\tKyiv\nnord-coréens\tNorth Korean\n", encoding="utf-8")
    records = json.loads(
        run_cli(
            "check", english, "--source", french, "--glossary", glossary, "--no-retranslate", "--format", "json"
        ).stdout
    )
    (term,) = [f for f in records["articles"][0]["findings"] if f["code"] == "BIL006"]
    assert term["text"] == "Kiev" and term["suggestion"] == "Kyiv"
    glossary.write_text("Kiev Kyiv\n", encoding="utf-8")
    broken = run_cli("check", english, "--source", french, "--glossary", glossary, "--no-retranslate")
    assert broken.exit_code == 2 and "glossary.tsv:1: expected" in broken.stderr


def test_a_long_article_aligns_within_a_band_and_keeps_its_omission():
    # 2,000 sentences: the band keeps the table linear (the full table would be 4 million cells).
    lengths = [40 + (17 * k) % 160 for k in range(2000)]
    source, position = [], 0
    for k, length in enumerate(lengths):
        text = f"Phrase {k} " + "x" * length
        source.append(SourceSentence(position, position + len(text), text))
        position += len(text) + 1
    target = [f"Sentence {k} " + "y" * int(length * 0.9) for k, length in enumerate(lengths) if k != 1000]
    links = align(source, target)
    assert [link for link in links if not link.target] == [Link((1000,), ())]
    assert all(len(link.source) == 1 and len(link.target) == 1 for link in links if link.target)
    assert len(links) == 2000


def test_french_sentences_do_not_end_after_titles_and_initials():
    text = "Première ligne.\nM. Macron a reçu Mme Dati et le Dr. Martin. Il a dit oui.\nNé en 52 av. J.-C., il régna."
    sentences = split_french(text)
    assert [s.text for s in sentences] == [
        "Première ligne.",
        "M. Macron a reçu Mme Dati et le Dr. Martin.",
        "Il a dit oui.",
        "Né en 52 av. J.-C., il régna.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_a_name_is_also_looked_for_among_the_names_of_the_round_trips_pivot(nlp):
    french = "Les habitants de Ratisbonne ont voté dimanche pour élire leur maire."
    english = "The residents of Regensburg voted on Sunday to elect their mayor."
    document = parse_document(english, nlp)
    (alone,) = check_against_source(document, french)[0]
    assert alone.code == "BIL003" and "'Ratisbonne'" in alone.message
    pivot = ["Os residentes de Ratisbona votaram no domingo para eleger o seu presidente da câmara."]
    assert check_against_source(document, french, pivots=pivot)[0] == []
    # Only the pivot's names count: a lower-case word that happens to look like the name does not.
    assert [
        f.code for f in check_against_source(document, french, pivots=[pivot[0].replace("Ratisbona", "ratisbona")])[0]
    ] == ["BIL003"]
    # A name the English dropped is missing from its pivot too, and still reported.
    dropped = parse_document("Residents voted on Sunday to elect their mayor.", nlp)
    (finding,) = check_against_source(
        dropped, french, pivots=["Os residentes votaram no domingo para eleger o seu presidente da câmara."]
    )[0]
    assert finding.code == "BIL003" and [e.signal for e in finding.evidence][-1] == "pivot"


def test_acronyms_match_with_their_letters_in_another_order_and_names_start_words(nlp):
    french = "Les chimpanzés partagent 98 % de leur ADN avec nous, selon l'UE."
    assert check(nlp, "Chimpanzees share 98% of their DNA with us, according to the EU.\n", french)[1] == []
    (finding,) = check(nlp, "Chimpanzees share 98% of their dna with us, according to the continuing study.\n", french)[
        1
    ]
    assert finding.code == "BIL003" and "'ADN', 'UE'" in finding.message  # 'and' is no acronym, 'ue' starts no word

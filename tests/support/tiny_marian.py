"""Build a tiny MarianMT checkpoint on the fly: random weights, sentencepiece vocabularies trained
here on a few hundred sentences, saved with save_pretrained exactly like a real checkpoint."""

from __future__ import annotations

import json
import random
from pathlib import Path

WORDS_EN = "the army soldiers forces of kyiv north korean front war letter said president troops losses weeks report".split()
WORDS_FR = "les armée soldats forces de kyiv nord coréens front guerre lettre dit président troupes pertes semaines".split()


def _corpus(words: list[str], rng: random.Random, n: int = 400) -> list[str]:
    return [" ".join(rng.choice(words) for _ in range(rng.randint(3, 12))) + "." for _ in range(n)]


def _train_spm(lines: list[str], prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    corpus = prefix.with_suffix(".txt")
    corpus.write_text("\n".join(lines), encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0, bos_id=-1, eos_id=-1, pad_id=-1, unk_id=0, minloglevel=2,
    )


def build_tiny_marian(directory: Path, *, seed: int = 0, max_positions: int = 64) -> Path:
    """A MarianMT model in `directory` (d_model 16, one layer each side), loadable by path."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    work = directory / "spm"
    work.mkdir(exist_ok=True)
    _train_spm(_corpus(WORDS_EN, rng), work / "source", 36)
    _train_spm(_corpus(WORDS_FR, rng), work / "target", 36)
    (directory / "source.spm").write_bytes((work / "source.model").read_bytes())
    (directory / "target.spm").write_bytes((work / "target.model").read_bytes())
    vocab = {"</s>": 0, "<unk>": 1, "<pad>": 2}
    for name in ("source", "target"):
        for line in (work / f"{name}.vocab").read_text(encoding="utf-8").splitlines():
            piece = line.split("\t")[0]
            vocab.setdefault(piece, len(vocab))
    (directory / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(directory / "source.spm"), target_spm=str(directory / "target.spm"),
        vocab=str(directory / "vocab.json"), source_lang="en", target_lang="fr", model_max_length=max_positions,
    )
    config = MarianConfig(
        vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=max_positions,
        pad_token_id=vocab["<pad>"], eos_token_id=vocab["</s>"], decoder_start_token_id=vocab["<pad>"],
        forced_eos_token_id=vocab["</s>"], max_length=max_positions, num_beams=1,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory

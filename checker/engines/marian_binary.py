"""Marian's binary model format and Bergamot's binary lexical shortlist, read with numpy.

Model (`marian/src/common/binary.cpp`): a version (1), the number of items, a header per item
(name length, type, shape length, data length: four uint64), the names, the shapes (int32), an
alignment offset (uint64) and its padding, then each item's data. Types: 0x404 float32, 0x101
bytes (`special:model.yml`), 0x4101 intgemm8. An intgemm8 matrix is int8 followed by its float
quantisation multiplier; the architecture-agnostic files Bergamot ships store each matrix
*transposed* (the shape is not updated: intgemm's `PrepareBQuantizedTransposed` reads it so),
except the embeddings `Wemb`, which are row-major. Any item whose name holds `Wemb` is
dequantised by the engine, so `Wemb_QuantMultA` (a 1x1 intgemm8 item) reads as 127 / its multiplier.

Shortlist (`marian/src/data/shortlist.cpp`, BinaryShortlistGenerator): a header (magic,
checksum, firstNum, bestNum, wordToOffset length, shortLists length: six uint64), the uint64
offsets of each source word's candidates, and the uint32 candidate target words.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from checker.errors import DataFileError

FLOAT32, BYTES, INTGEMM8 = 0x404, 0x101, 0x4101
SHORTLIST_MAGIC = 0xF11A48D5013417F5


@dataclass(frozen=True)
class Quantised:
    """An int8 matrix (in the orientation it multiplies in: x @ matrix) and its multiplier."""

    matrix: np.ndarray
    multiplier: float

    def dequantised(self) -> np.ndarray:
        return self.matrix.astype(np.float32) / np.float32(self.multiplier)


def read_model(path: Path) -> dict[str, np.ndarray | Quantised | bytes]:
    """Every item of a Marian binary model by name: float32 arrays, Quantised matrices, bytes."""
    data = Path(path).read_bytes()
    try:
        return _items(data)
    except (struct.error, ValueError) as exc:
        raise DataFileError(f"{path}: not a Marian binary model ({exc})") from None


def _items(data: bytes) -> dict[str, np.ndarray | Quantised | bytes]:
    version, count = struct.unpack_from("<2Q", data, 0)
    if version != 1:
        raise ValueError(f"binary version {version}, expected 1")
    position = 16
    headers = [struct.unpack_from("<4Q", data, position + 32 * i) for i in range(count)]
    position += 32 * count
    names = []
    for name_length, _, _, _ in headers:
        names.append(data[position : position + name_length].rstrip(b"\0").decode("utf-8"))
        position += name_length
    shapes = []
    for _, _, shape_length, _ in headers:
        shapes.append(tuple(struct.unpack_from(f"<{shape_length}i", data, position)))
        position += 4 * shape_length
    (padding,) = struct.unpack_from("<Q", data, position)
    position += 8 + padding
    items: dict[str, np.ndarray | Quantised | bytes] = {}
    for (_, kind, _, length), name, shape in zip(headers, names, shapes, strict=True):
        raw = data[position : position + length]
        if len(raw) != length:
            raise ValueError(f"item {name} runs past the end of the file")
        position += length
        elements = int(np.prod(shape))
        if kind == FLOAT32:
            items[name] = np.frombuffer(raw, dtype=np.float32, count=elements).reshape(shape).copy()
        elif kind == INTGEMM8:
            values = np.frombuffer(raw, dtype=np.int8, count=elements)
            (multiplier,) = struct.unpack_from("<f", raw, elements)
            if "Wemb" in name and elements == 1:  # an activation multiplier stored as a matrix
                items[name] = np.array([[values[0] / multiplier]], dtype=np.float32)
            elif "Wemb" in name:
                items[name] = Quantised(values.reshape(shape), multiplier)
            else:
                items[name] = Quantised(values.reshape(shape[1], shape[0]).T, multiplier)
        else:
            items[name] = raw
    return items


@dataclass(frozen=True)
class Shortlist:
    """For each source word, the target words worth scoring (Bergamot's lexical shortlist)."""

    first: int  # the most frequent target words, always allowed
    best: int
    offsets: np.ndarray  # uint64, one more than the source vocabulary
    candidates: np.ndarray  # uint32

    def allowed(self, source_ids, vocabulary: int) -> np.ndarray:
        """A boolean mask over the target vocabulary, as the engine builds it for a batch of
        one sentence: the first words, every source word's candidates, then more words from
        `first` on until the count is a multiple of eight (intgemm's tile)."""
        chosen = np.zeros(vocabulary, dtype=bool)
        chosen[: self.first] = True
        for word in set(int(w) for w in source_ids):
            chosen[self.candidates[self.offsets[word] : self.offsets[word + 1]]] = True
        count = int(chosen.sum())
        word = self.first
        while count % 8 and word < vocabulary:
            if not chosen[word]:
                chosen[word] = True
                count += 1
            word += 1
        return chosen


def read_shortlist(path: Path) -> Shortlist:
    data = Path(path).read_bytes()
    try:
        magic, _checksum, first, best, offsets, candidates = struct.unpack_from("<6Q", data, 0)
        if magic != SHORTLIST_MAGIC:
            raise ValueError("wrong magic number")
        position = 48
        word_offsets = np.frombuffer(data, dtype=np.uint64, count=offsets, offset=position)
        position += 8 * offsets
        words = np.frombuffer(data, dtype=np.uint32, count=candidates, offset=position)
    except (struct.error, ValueError) as exc:
        raise DataFileError(f"{path}: not a Bergamot binary shortlist ({exc})") from None
    return Shortlist(int(first), int(best), word_offsets.astype(np.int64), words.astype(np.int64))

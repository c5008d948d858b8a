"""Argos Translate models run directly on CTranslate2, in length-sorted batches.

Not through `argostranslate.translate`: it takes one string per call, re-splits it into
sentences (and wants to download a splitter to do so), and its decode turns every `_` into a
space, so `%(file_name)s` would come back as `%(file name)s`. loc already hands over single
sentences, so the engine is tokenize, sort, batch, translate, detokenize.

Decoding choices (measured on the test suite's copy model and a random Transformer-base):
- `length_penalty` 0.2, as Argos uses, so the search prefers the outputs Argos users know.
- `max_decoding_length` = 2 x the batch's longest source + 10 tokens bounds runaway output.
- No `no_repeat_ngram_size` / `repetition_penalty`: n-gram bans alter legitimate repeats on
  the copy model even at size 8 ("Yes! Yes! Yes!"), and a penalty that the copy model's wide
  margins shrug off would push a real model away from words a sentence must repeat. Loops
  are cut by the length bound and left to the caller's checks.
- Score: mean log-probability per output token, end token included. CTranslate2 returns the
  cumulative log-probability divided by length ** length_penalty; we rescale it to / length.
  A pivot's score is the sum of its legs' scores: both legs must be right.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loc.engines import Translation
from loc.engines.argos import packages
from loc.errors import LocError

if TYPE_CHECKING:
    from argostranslate.package import Package

LENGTH_PENALTY = 0.2
# Measured on a 2-core VM, random Transformer-base with a 50k vocabulary, beam 4, inter 2:
# batches of 8 or 12 ran 9-12.6 segments/s, 16 ran 7.6-10, 32 ran 4.5 (the beam's logits
# over 50k words outgrow the caches).
MAX_BATCH_SIZE = 8


def default_threads(cores: int | None = None) -> tuple[int, int]:
    """(inter_threads, intra_threads): parallel batches first, at most 4, the rest inside each.

    On the 2-core VM above (batches of 8): inter 2 / intra 1 ran 9-12.6 segments/s,
    inter 1 / intra 2 ran 6.8 and Argos's inter 1 / intra 0 (all cores) 7.0. Threads inside
    one small batch mostly wait on each other: one segment at a time, intra 2 ran at half
    the speed of intra 1 (1.2 vs 2.5 segments/s).
    """
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    inter = max(1, min(cores, 4))
    return inter, max(1, cores // inter)


class ArgosEngine:
    """Translates sentences with the installed Argos package(s) for a pair, pivoting through English."""

    name = "argos"

    def __init__(
        self,
        source_lang: str,
        target_lang: str,
        *,
        beam_size: int = 4,
        max_batch_size: int = MAX_BATCH_SIZE,
        inter_threads: int | None = None,
        intra_threads: int | None = None,
        device: str | None = None,
        route: Sequence[Package] | None = None,
    ):
        """`device`: CTranslate2's "cpu", "cuda" or "auto" (default: Argos's setting);
        `route`: the packages to load (default: the installed ones, `packages.route`)."""
        inter, intra = default_threads()
        self._pair = (source_lang, target_lang)
        self._route = list(route) if route is not None else None
        self._options: dict[str, Any] = {
            "beam_size": beam_size,
            "max_batch_size": max_batch_size,
            "threads": (inter_threads or inter, intra_threads if intra_threads is not None else intra),
            "device": device,
        }
        self._loaded: list[_Leg] | None = None

    @property
    def _legs(self) -> list[_Leg]:
        """The models, loaded on first use: a run with nothing to translate loads none."""
        if self._loaded is None:
            route = self._route if self._route is not None else packages.route(*self._pair)
            self._loaded = [_Leg(pkg, **self._options) for pkg in route]
        return self._loaded

    @property
    def model(self) -> str:
        return " + ".join(leg.label for leg in self._legs)

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        """One Translation per input; blank inputs give "" without running the model."""
        outputs = list(texts)
        scores = [0.0] * len(outputs)
        for leg in self._legs:
            outputs, leg_scores = leg.translate(outputs)
            scores = [total + score for total, score in zip(scores, leg_scores, strict=True)]
        return [Translation(text, score) for text, score in zip(outputs, scores, strict=True)]


class _Leg:
    """One package: its tokenizer and one CTranslate2 translator."""

    def __init__(
        self,
        pkg: Package,
        *,
        beam_size: int,
        max_batch_size: int,
        threads: tuple[int, int],
        device: str | None,
    ):
        import ctranslate2
        from argostranslate import package, settings

        path = Path(pkg.package_path)
        self.label = f"{package.argospm_package_name(pkg)} {pkg.package_version}".strip()
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.parallel = threads[0]
        self.target_prefix = pkg.target_prefix or None
        self.tokenizer = _tokenizer(pkg, path)
        self.end_token = _end_token(path / "model")
        try:
            self.translator = ctranslate2.Translator(
                str(path / "model"),
                device=device or settings.device,
                inter_threads=threads[0],
                intra_threads=threads[1],
            )
        except (RuntimeError, ValueError, OSError, IndexError) as error:  # IndexError: a zeroed model.bin
            raise LocError(f"cannot load the model ({error}); reinstall it", path) from None

    def translate(self, texts: list[str]) -> tuple[list[str], list[float]]:
        tokens = [self.tokenizer.encode(text) if text.strip() else [] for text in texts]
        outputs, scores = [""] * len(texts), [0.0] * len(texts)
        # similar lengths per batch: less padding, a tight max_decoding_length for each, and
        # the longest batches start first so that no thread is left with a long one at the end
        todo = sorted((i for i, tok in enumerate(tokens) if tok), key=lambda i: -len(tokens[i]))
        size = max(1, min(self.max_batch_size, math.ceil(len(todo) / self.parallel)))
        jobs = []
        for start in range(0, len(todo), size):
            batch = todo[start : start + size]
            source = [tokens[i] for i in batch]
            prefix = [[self.target_prefix]] * len(batch) if self.target_prefix else None
            results = self.translator.translate_batch(
                source,
                prefix,
                asynchronous=True,  # batches run in parallel on inter_threads
                beam_size=self.beam_size,
                length_penalty=LENGTH_PENALTY,
                max_decoding_length=2 * max(map(len, source)) + 10,
                replace_unknowns=True,
                return_scores=True,
                return_end_token=True,  # so the length used to normalise the score is known
            )
            jobs.append((batch, results))
        for batch, results in jobs:
            for i, pending in zip(batch, results, strict=True):
                outputs[i], scores[i] = self._result(pending.result())
        return outputs, scores

    def _result(self, result) -> tuple[str, float]:
        pieces = list(result.hypotheses[0])
        length = max(1, len(pieces))
        score = result.scores[0] * length**LENGTH_PENALTY / length
        if pieces and pieces[-1] == self.end_token:
            pieces.pop()
        if self.target_prefix:
            pieces = pieces[1:]
        return self.tokenizer.decode(pieces), score


class _SentencePiece:
    """SentencePiece's own decode: unlike Argos's wrapper, it leaves `_` alone."""

    def __init__(self, model_file: Path):
        import sentencepiece

        self.processor = sentencepiece.SentencePieceProcessor(model_file=str(model_file))

    def encode(self, text: str) -> list[str]:
        return self.processor.encode(text, out_type=str)

    def decode(self, pieces: list[str]) -> str:
        return self.processor.decode_pieces(pieces)


def _tokenizer(pkg: Package, path: Path):
    sentencepiece_model = path / "sentencepiece.model"
    if sentencepiece_model.is_file():
        try:
            return _SentencePiece(sentencepiece_model)
        except (RuntimeError, OSError) as error:
            raise LocError(f"cannot load the tokenizer ({error}); reinstall the package", path) from None
    if (path / "bpe.model").is_file():
        from argostranslate.tokenizer import BPETokenizer

        return BPETokenizer(path / "bpe.model", pkg.from_code, pkg.to_code)
    raise LocError("no tokenizer (sentencepiece.model or bpe.model); reinstall the package", path)


def _end_token(model_dir: Path) -> str:
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "</s>"
    return (config.get("eos_token") if isinstance(config, dict) else None) or "</s>"

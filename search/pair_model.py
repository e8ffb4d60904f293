"""The pair model: from a pair's signals to the calibrated likelihood of each tier.

Two logistic regressions over the same standardised signals, trained on judged pairs (and on
coordinators' decisions, ``manage.py train_overlap_model``):

- same approach: the ``overlap`` label (the same problem with similar means) against the rest;
- same challenge or better: ``overlap`` and ``related`` (the same problem) against ``none``.

A pair is stored in the tier "same approach" when that likelihood reaches its threshold, else in
"same challenge" when that one does; the thresholds are chosen on the benchmark
(``bench/overlap_quality.py``) and kept in the model file. Only numpy runs here; scikit-learn
is needed to train.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from django.conf import settings

FEATURES = ("lexical", "e5", "use", "solution_shared", "solution_jaccard", "same_language")
SAME_APPROACH, SAME_CHALLENGE = "same_approach", "same_challenge"
TIER_LABELS = {SAME_APPROACH: "same approach", SAME_CHALLENGE: "same challenge"}
SHIPPED_PATH = Path(__file__).with_name("overlap_model.json")


@dataclass(frozen=True)
class PairModel:
    features: tuple  # the signals it reads, in order (a subset of FEATURES)
    mean: np.ndarray
    scale: np.ndarray
    coef: dict  # tier -> coefficient vector
    intercept: dict  # tier -> intercept
    thresholds: dict  # tier -> minimum likelihood for the tier
    meta: dict

    @classmethod
    def from_dict(cls, data: dict) -> "PairModel":
        unknown = set(data["features"]) - set(FEATURES)
        if unknown:
            raise ValueError(f"the model expects {sorted(unknown)}, the engine gives {FEATURES}")
        return cls(
            features=tuple(data["features"]),
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            coef={t: np.asarray(data[t]["coef"], dtype=np.float64) for t in TIER_LABELS},
            intercept={t: float(data[t]["intercept"]) for t in TIER_LABELS},
            thresholds={t: float(data["thresholds"][t]) for t in TIER_LABELS},
            meta=data.get("meta", {}),
        )

    def likelihoods(self, signals: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The likelihood of "same approach" and of "same challenge or better", same shape as
        the signals; the second is never below the first."""
        stacked = np.stack(
            [np.asarray(signals[f], dtype=np.float64) for f in self.features], axis=-1
        )
        z = (stacked - self.mean) / self.scale
        p = {t: 1.0 / (1.0 + np.exp(-(z @ self.coef[t] + self.intercept[t]))) for t in TIER_LABELS}
        return p[SAME_APPROACH], np.maximum(p[SAME_CHALLENGE], p[SAME_APPROACH])

    def tiers(self, p_approach: np.ndarray, p_challenge: np.ndarray) -> np.ndarray:
        """2 for same approach, 1 for same challenge, 0 for a pair that is not stored."""
        return np.where(
            p_approach >= self.thresholds[SAME_APPROACH],
            2,
            np.where(p_challenge >= self.thresholds[SAME_CHALLENGE], 1, 0),
        )


def model_path() -> Path:
    """The model in use: ``settings.OVERLAP_MODEL_PATH`` (a retrained one), else the shipped."""
    configured = getattr(settings, "OVERLAP_MODEL_PATH", "")
    if configured and Path(configured).exists():
        return Path(configured)
    return SHIPPED_PATH


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> PairModel:
    return PairModel.from_dict(json.loads(Path(path).read_text()))


def get_model() -> PairModel:
    """The current pair model, reloaded when its file changes (after a retraining)."""
    path = model_path()
    return _load(str(path), path.stat().st_mtime)


def tier_name(index: int) -> str:
    return {2: SAME_APPROACH, 1: SAME_CHALLENGE}.get(int(index), "")


def likelihood_words(p: float) -> str:
    """How a coordinator reads a likelihood."""
    if p >= 0.85:
        return "very likely"
    if p >= 0.65:
        return "likely"
    if p >= 0.45:
        return "possible"
    return "unlikely"

"""A gunicorn worker loads its models before its first visitor, and a warm-up that cannot
finish (the database down) never stops the worker from starting."""

import pytest

from portal import warmup
from search import pair_model

pytestmark = pytest.mark.django_db


def test_warm_up_loads_the_pair_model_and_beats_the_heart_after_each_step():
    pair_model._load.cache_clear()
    beats = []
    warmup.warm_up(alive=lambda: beats.append(1))
    assert pair_model._load.cache_info().currsize == 1
    assert len(beats) == len(warmup.STEPS)


def test_a_failing_step_is_logged_and_the_worker_still_starts(monkeypatch, caplog):
    def down():
        raise ConnectionError("database is down")

    monkeypatch.setattr(warmup, "STEPS", [down, *warmup.STEPS[:1]])
    warmup.warm_up()
    assert "worker warm-up step failed" in caplog.text

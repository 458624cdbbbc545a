"""Run the per-article stage (parse + NLP + type) serially or on a Dask ``distributed`` cluster.

The stage is CPU-bound Python (underthesea's CRF, the entity grammars, the classifier), so it scales with
processes, not threads: ``vks process --workers N`` starts a LocalCluster of N worker processes with one
thread each, ``--scheduler ADDRESS`` (or the ``scheduler`` setting) uses a cluster that is already running,
whose workers must see the data directory at the same path. Every worker loads underthesea, the lexicons
and the model once (:class:`StagePlugin`), then parses chunks of ledger rows. The results come back in
the order the rows were given, and the serial path runs the very same :meth:`Stage.run`, so the tables
are identical whichever way they were computed.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, DataDirError, ParseError

log = logging.getLogger(__name__)

# one processed page: ("ok", record, token rows, entity rows) or ("skip", skip row, [], [])
Outcome = tuple[str, dict, list[dict], list[dict]]

PLUGIN_NAME = "vks-stage"


@dataclass
class Stage:
    """What one process needs to turn ledger rows into table rows, loaded once per process."""

    raw_dir: Path
    model_file: Path
    model: Any = None
    model_id: str = ""
    profiles: dict = field(default_factory=dict)

    def load(self, model: Any = None) -> Stage:
        """Load the model (verified against its manifest) and underthesea's models, once."""
        from underthesea import sent_tokenize, word_tokenize

        from .classify import load_model, model_id

        if self.model is None:
            if model is not None:
                self.model, self.model_id = model, model_id(self.model_file)
            else:
                self.model, self.model_id = _verified_model(self.model_file, load_model, model_id)
            # underthesea loads its CRF models on first use: pay that here, not in the first chunk
            word_tokenize(sent_tokenize("Viện kiểm sát nhân dân.")[0])
        return self

    def run(self, rows: list[dict]) -> list[Outcome]:
        """Parse, annotate and type ``rows``; a page that cannot be parsed becomes a skip with its reason."""
        from .classify import predict
        from .process import build_record, skip_row

        self.load()
        outcomes: list[Outcome] = []
        for row in rows:
            try:
                record, tokens, entities = build_record(row, self.raw_dir, self.profiles)
            except (ParseError, DataDirError) as exc:
                outcomes.append(("skip", skip_row(row, str(exc)), [], []))
            else:
                outcomes.append(("ok", record, tokens, entities))
        ok = [o for o in outcomes if o[0] == "ok"]
        # the NLP stage's tokens are the classifier's words: underthesea runs once per article
        words = [[w for t in o[2] for w in t["tokens"]] for o in ok]
        for (_, record, _, _), p in zip(ok, predict(self.model, [o[1]["text"] for o in ok], words), strict=True):
            record.update(article_type=p.article_type, type_score=round(p.score, 6), type_model=self.model_id)
        return outcomes


# a worker of a running cluster (--scheduler) serves many runs, each naming its data directory's model
# file: a file with the same bytes as the one verified and loaded for an earlier run is not loaded again
# (loading a model costs about a second; hashing it, milliseconds)
_LOADED: dict[str, tuple[Any, str]] = {}


def _verified_model(path: Path, load_model, model_id) -> tuple[Any, str]:
    import hashlib

    key = hashlib.sha256(path.read_bytes()).hexdigest()
    if key not in _LOADED:
        _LOADED.clear()  # one model held per process
        _LOADED[key] = (load_model(path)[0], model_id(path))
    return _LOADED[key]


class SerialRunner:
    """The default: the stage in this process, batch after batch."""

    def __init__(self, stage: Stage):
        self.stage = stage

    def map(self, batches: Iterable[list[dict]]) -> Iterator[list[Outcome]]:
        for batch in batches:
            yield self.stage.run(batch)

    def close(self) -> None:
        pass


def _plugin_class():
    from distributed.diagnostics.plugin import WorkerPlugin

    class StagePlugin(WorkerPlugin):
        """Loads the stage once when a worker starts (or joins later)."""

        name = PLUGIN_NAME

        def __init__(self, raw_dir: str, model_file: str):
            self.raw_dir = raw_dir
            self.model_file = model_file
            self.stage: Stage | None = None

        def setup(self, worker) -> None:
            self.stage = Stage(Path(self.raw_dir), Path(self.model_file)).load()

    return StagePlugin


def _run_on_worker(rows: list[dict]) -> list[Outcome]:
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN_NAME]
    return plugin.stage.run(rows)


class DaskRunner:
    """The stage on Dask workers: each batch is cut into chunks, one task each; the next batch is already
    running while the caller commits the previous one."""

    def __init__(self, stage: Stage, workers: int = 2, scheduler: str | None = None, chunk: int = 8):
        import logging as _logging

        from distributed import Client, LocalCluster

        self.chunk = chunk
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="20s")
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=_logging.ERROR)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise ConfigError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'} ({exc}); "
                              "check the address (tcp://HOST:8786), or drop --scheduler to run here") from exc
        plugin = _plugin_class()(str(stage.raw_dir.resolve()), str(stage.model_file.resolve()))
        self.client.register_plugin(plugin, name=PLUGIN_NAME)

    def _submit(self, batch: list[dict]):
        chunks = [batch[i:i + self.chunk] for i in range(0, len(batch), self.chunk)]
        return self.client.map(_run_on_worker, chunks, pure=False)

    def map(self, batches: Iterable[list[dict]]) -> Iterator[list[Outcome]]:
        pending: deque = deque()
        for batch in batches:
            pending.append(self._submit(batch))
            if len(pending) > 1:
                yield [o for part in self.client.gather(pending.popleft()) for o in part]
        while pending:
            yield [o for part in self.client.gather(pending.popleft()) for o in part]

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_runner(stage: Stage, workers: int = 1, scheduler: str | None = None) -> SerialRunner | DaskRunner:
    """Serial for one worker and no scheduler; Dask otherwise."""
    if scheduler or workers > 1:
        return DaskRunner(stage, workers=max(workers, 1), scheduler=scheduler or None)
    return SerialRunner(stage)

"""Batch the per-sandbox address callbacks of a refresh into few UI messages."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")


class AddressBatcher(Generic[Item]):
    """Collects the rows whose addresses arrived and hands them on in batches.

    `SandboxLister.fill_addresses` calls back from many worker threads, once per
    container; posting a message for each would queue thousands of repaints on a
    large cluster. A batch goes out when `interval` seconds have passed since the
    last one, and `flush` sends what is left.
    """

    def __init__(
        self,
        send: Callable[[tuple[Item, ...]], None],
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._send = send
        self._interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: list[Item] = []
        self._last_sent = clock()

    def add(self, item: Item) -> None:
        with self._lock:
            self._pending.append(item)
            if self._clock() - self._last_sent < self._interval:
                return
            batch = self._take()
        self._send(batch)

    def flush(self) -> None:
        with self._lock:
            batch = self._take()
        if batch:
            self._send(batch)

    def _take(self) -> tuple[Item, ...]:
        batch = tuple(self._pending)
        self._pending.clear()
        self._last_sent = self._clock()
        return batch

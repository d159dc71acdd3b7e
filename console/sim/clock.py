"""The simulator's clock: wall time that can run faster and be pushed forward."""

from __future__ import annotations

import threading
import time

# Maximum wall-clock wait of `sleep`, so a nearly stopped clock cannot hang a
# request: 30 s is pveproxy's timeout for calls it forwards to another node.
MAX_SLEEP_SECONDS = 30.0


class SimClock:
    """Simulated epoch time, running `speed` times faster than the wall clock.

    Tasks, DHCP leases, ticket expiry and stale statistics all read this clock, so a
    test can run a three-second task in a few milliseconds (`speed=100`) or expire a
    two-hour ticket at once (`advance(7200)`).
    """

    def __init__(self, speed: float = 1.0, start: float | None = None) -> None:
        if speed <= 0:
            raise ValueError(f"clock speed must be positive, got {speed}")
        self.speed = speed
        self._origin = time.time() if start is None else start
        self._wall_origin = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        """Return the simulated time in seconds since the epoch."""
        elapsed = (time.monotonic() - self._wall_origin) * self.speed
        with self._lock:
            return self._origin + elapsed + self._offset

    def advance(self, seconds: float) -> None:
        """Move the simulated time forward by `seconds` without waiting."""
        with self._lock:
            self._offset += seconds

    def sleep(self, seconds: float) -> None:
        """Block for `seconds` of simulated time, capped at `MAX_SLEEP_SECONDS`."""
        if seconds > 0:
            time.sleep(min(seconds / self.speed, MAX_SLEEP_SECONDS))

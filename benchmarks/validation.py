"""Time stage-1 validation of a large request: check_request and validate_request.

Run as `python -m benchmarks.validation`. The request has 100 env entries, 50
mounts and 50 labels. Figures are the min, median and 99th percentile of many
runs; the min is the least disturbed by other load on the machine.
"""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable

from console.cri import SourceMap, check_request, validate_request

RUNS = 2000


def large_request() -> dict[str, object]:
    """Return a valid combined request of 100 envs, 50 mounts and 50 labels."""
    return {
        "pod_sandbox_id": "101",
        "config": {
            "metadata": {"name": "bench", "attempt": 1},
            "image": {"image": "docker.io/library/nginx:1.27"},
            "command": ["nginx", "-g", "daemon off;"],
            "args": ["--verbose"],
            "working_dir": "/srv/app",
            "envs": [
                {"key": f"VARIABLE_{index}", "value": f"value {index}"}
                for index in range(100)
            ],
            "mounts": [
                {
                    "container_path": f"/mnt/volume{index}",
                    "host_path": f"/srv/volumes/{index}",
                    "readonly": index % 2 == 0,
                    "propagation": index % 3,
                }
                for index in range(50)
            ],
            "labels": {f"example.com/label-{index}": str(index) for index in range(50)},
            "log_path": "bench/0.log",
            "linux": {
                "resources": {"cpu_shares": 512, "memory_limit_in_bytes": 2**30},
                "security_context": {
                    "run_as_user": {"value": 1000},
                    "run_as_group": {"value": 1000},
                    "supplemental_groups": [100, 101],
                    "seccomp": {"profile_type": 0},
                },
            },
        },
        "sandbox_config": {
            "metadata": {"name": "pod", "namespace": "default", "uid": "uid-1"},
            "hostname": "pod",
            "log_directory": "/var/log/pods/default_pod_uid-1",
            "port_mappings": [{"container_port": 80, "host_port": 8080}],
            "dns_config": {"servers": ["10.0.0.10"], "searches": ["svc.local"]},
        },
    }


def source_map(data: object, path: tuple[str | int, ...] = ()) -> SourceMap:
    """Return a made-up position for every key and item, as a file loader would."""
    positions: dict[tuple[str | int, ...], tuple[int, int]] = {path: (1, 1)}
    children: list[tuple[str | int, object]] = []
    if isinstance(data, dict):
        children = list(data.items())
    elif isinstance(data, list):
        children = list(enumerate(data))
    for key, value in children:
        positions.update(source_map(value, (*path, key)))
    return positions


def measure(action: Callable[[], object]) -> tuple[float, float, float]:
    """Run `action` RUNS times and return (min, median, p99) in milliseconds."""
    for _ in range(50):
        action()
    timings: list[float] = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99) - 1]
    return timings[0], statistics.median(timings), p99


def main() -> None:
    data = large_request()
    checked = check_request(data)
    if checked.issues:
        raise SystemExit(f"benchmark request is not valid: {checked.issues[0]}")
    request = checked.request
    source = source_map(data)

    print(f"python {platform.python_version()} on {platform.machine()}, {RUNS} runs")
    print(f"{'':18}{'min ms':>10}{'median ms':>10}{'p99 ms':>10}")
    for name, action in (
        ("check_request", lambda: check_request(data)),
        ("  with source map", lambda: check_request(data, source=source, file="f")),
        ("validate_request", lambda: validate_request(request)),
        ("validate (seed)", lambda: validate_request(request, "seed")),
    ):
        fastest, median, p99 = measure(action)
        print(f"{name:18}{fastest:10.3f}{median:10.3f}{p99:10.3f}")


if __name__ == "__main__":
    main()

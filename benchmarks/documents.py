"""Time reading request documents with positions against the plain parsers.

Run as `python -m benchmarks.documents`. It parses a large combined request (100
env entries, 50 mounts, 50 labels) as JSON and as YAML, once with the console's
position-recording readers and once with `json.loads` or PyYAML's `CSafeLoader`.
It prints the median and 99th percentile of each, and the ratio between them.
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable

import yaml

from console.cri.documents import load_document

RUNS = 300


def large_request() -> dict[str, object]:
    """Return a combined request with 100 envs, 50 mounts and 50 labels."""
    return {
        "pod_sandbox_id": "101",
        "config": {
            "metadata": {"name": "bench"},
            "image": {"image": "docker.io/library/nginx:1.27"},
            "command": ["nginx", "-g", "daemon off;"],
            "envs": [
                {"key": f"VARIABLE_{index}", "value": f"value {index}"}
                for index in range(100)
            ],
            "mounts": [
                {
                    "container_path": f"/mnt/volume{index}",
                    "host_path": f"/srv/volumes/{index}",
                    "readonly": index % 2 == 0,
                }
                for index in range(50)
            ],
            "labels": {f"example.com/label-{index}": str(index) for index in range(50)},
        },
        "sandbox_config": {
            "metadata": {"name": "pod", "namespace": "default", "uid": "uid-1"},
            "hostname": "pod",
        },
    }


def measure(action: Callable[[], object]) -> tuple[float, float]:
    """Run `action` RUNS times and return (median, p99) in milliseconds."""
    for _ in range(20):
        action()
    timings: list[float] = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99) - 1]


def main() -> None:
    data = large_request()
    json_text = json.dumps(data, indent=2)
    yaml_text = yaml.safe_dump(data, sort_keys=False)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    rows = [
        (
            "JSON",
            len(json_text),
            measure(lambda: load_document(json_text, "bench.json")),
            measure(lambda: json.loads(json_text)),
        ),
        (
            "YAML",
            len(yaml_text),
            measure(lambda: load_document(yaml_text, "bench.yaml")),
            measure(lambda: yaml.load(yaml_text, Loader=loader)),  # noqa: S506
        ),
    ]

    print(f"Python {platform.python_version()} on {platform.machine()}, {RUNS} runs")
    print(
        f"{'format':<6} {'bytes':>7} {'with positions':>22} {'plain parser':>22} ratio"
    )
    for name, size, ours, plain in rows:
        print(
            f"{name:<6} {size:>7} {ours[0]:>9.3f} ms p99 {ours[1]:>6.3f}"
            f" {plain[0]:>9.3f} ms p99 {plain[1]:>6.3f} {ours[0] / plain[0]:>5.1f}x"
        )


if __name__ == "__main__":
    main()

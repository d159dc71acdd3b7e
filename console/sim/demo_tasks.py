"""Tasks of the demo cluster that ended before the server started."""

from __future__ import annotations

from typing import Any

HOUR = 3600

VZSTART_107_LOG = [
    "run_buffer: 571 Script exited with status 1",
    'lxc_init: 845 Failed to run lxc.hook.pre-start for container "107"',
    '__lxc_start: 2034 Failed to initialize container "107"',
]


def _create_log(vmid: int, template: str) -> list[str]:
    return [
        f'  Logical volume "vm-{vmid}-disk-0" created.',
        f"extracting archive '/var/lib/vz/template/cache/{template}'",
        "Total bytes read: 521175040 (498MiB, 187MiB/s)",
        "Detected container architecture: amd64",
        "Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ...",
        "done: SHA256:3Qm3F1mBq0n5c8Kf2vXo0r5JtY9eZbUQw1s7dWl4h2A root@demo",
    ]


def demo_tasks() -> list[dict[str, Any]]:
    """Return the demo's ended tasks in the fixture format, oldest first."""
    template = "debian-12-standard_12.7-1_amd64.tar.zst"
    return [
        {
            "node": "pve1",
            "type": "vzcreate",
            "id": "101",
            "started_ago": 72 * HOUR,
            "duration": 38,
            "lines": _create_log(101, template),
        },
        {
            "node": "pve1",
            "type": "vzcreate",
            "id": "107",
            "started_ago": 72 * HOUR - 600,
            "duration": 41,
            "lines": _create_log(107, template),
        },
        {
            "node": "pve1",
            "type": "vzdump",
            "id": "104",
            "user": "root@pam!console",
            "started_ago": 24 * HOUR,
            "duration": 95,
            "lines": [
                "INFO: starting new backup job: vzdump 104 --storage local "
                "--mode snapshot --compress zstd --node pve1",
                "INFO: Starting Backup of VM 104 (lxc)",
                "INFO: status = running",
                "INFO: CT Name: db-1",
                "INFO: including mount point rootfs ('/') in backup",
                "INFO: creating vzdump archive",
                "INFO: Total bytes written: 1203568640 (1.2GiB, 13MiB/s)",
                "INFO: archive file size: 389MB",
                "INFO: Finished Backup of VM 104 (00:01:35)",
                "INFO: Backup job finished successfully",
            ],
        },
        {
            "node": "pve1",
            "type": "vzstart",
            "id": "107",
            "started_ago": 2 * HOUR + 600,
            "duration": 2,
            "lines": VZSTART_107_LOG,
            "exitstatus": "startup for container '107' failed",
        },
    ]

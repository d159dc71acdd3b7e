"""Cluster membership and pools: `/cluster/status` and `/pools`."""

from __future__ import annotations

from typing import Any

from console.sim.api import Context, Reply, Route


def get_cluster_status(context: Context) -> Reply:
    """List the cluster and its nodes with quorum and online flags."""
    cluster = context.cluster
    nodes = list(cluster.nodes.values())
    online = sum(node.online for node in nodes)
    items: list[dict[str, Any]] = [
        {
            "id": "cluster",
            "type": "cluster",
            "name": cluster.name,
            "nodes": len(nodes),
            "quorate": int(online * 2 > len(nodes)),
            "version": len(nodes) + 2,
        }
    ]
    for index, node in enumerate(nodes, start=1):
        items.append(
            {
                "id": f"node/{node.name}",
                "type": "node",
                "name": node.name,
                "nodeid": index,
                # TEST-NET-1 addresses: data for the client, never a place to connect.
                "ip": f"192.0.2.{index}",
                "online": int(node.online),
                "local": int(index == 1),
                "level": "",
            }
        )
    return Reply(items)


def get_pools(context: Context) -> Reply:
    """List the pools the caller may audit, with their comments."""
    items = [
        {"poolid": pool, "comment": comment}
        for pool, comment in context.cluster.pools.items()
        if context.access.allowed(context.identity, "Pool.Audit", f"/pool/{pool}")
    ]
    return Reply(items)


ROUTES = [
    Route("GET", "/cluster/status", get_cluster_status),
    Route("GET", "/pools", get_pools),
]

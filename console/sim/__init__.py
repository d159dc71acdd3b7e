"""A Proxmox VE API simulator that speaks the real wire format over HTTPS.

It backs `--demo`, the integration tests and the benchmarks: proxmoxer talks to it
unmodified, over TLS verified with a CA made at start-up.

    server = SimServer(cluster=demo_cluster(), clock=SimClock(speed=50))
    server.start()                      # listens on 127.0.0.1, a free port
    ProxmoxAPI(f"{server.host}:{server.port}", user=DEMO_USER,
               token_name="console", token_value=DEMO_TOKEN_SECRET,
               verify_ssl=str(server.ca_file))
    server.faults.set_node_offline("pve2")
    server.stop()

Modules, by concept: `server` (lifecycle, TLS) and `wire` (HTTP, authentication,
envelope); `api*` (one module per group of endpoints) with `schema`, `formats`,
`lxc_schema` and `propstring` (PVE's parameter checks); `state`, `views`,
`network` and `normalise` (the cluster and how it looks in responses); `tasks`,
`auth`, `faults`, `clock`, `version`; `demo`, `fixture` and `scale` (clusters to
serve). Nothing here imports the client side of the console, so a mistake made
on one side shows up as a failing test rather than cancelling out.
"""

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

Modules, by concept. `server` runs the TLS server and `wire` handles HTTP,
authentication and the envelope. The `api*` modules hold one group of endpoints
each, and `schema`, `formats`, `lxc_schema` and `propstring` check parameters as
PVE does. `state`, `views`, `network` and `normalise` model the cluster and how
responses show it. `tasks`, `auth`, `faults`, `clock` and `version` hold worker
tasks, identities, fault injection, simulated time and release differences, and
`demo`, `fixture` and `scale` build clusters to serve.

Nothing here imports the client side of the console, so a mistake made on one
side shows up as a failing test rather than cancelling out.
"""

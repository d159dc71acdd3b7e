"""The routes that change state: create, config, power, destroy and image pulls."""

from __future__ import annotations

from console.sim import api_power
from console.sim import lxc_schema as schemas
from console.sim.api import Route
from console.sim.api_config import put_config
from console.sim.api_create import post_create
from console.sim.api_oci import post_pull

ROUTES = [
    Route("POST", "/nodes/{node}/lxc", post_create, schemas.CREATE_PARAMS),
    Route("PUT", "/nodes/{node}/lxc/{vmid}/config", put_config, schemas.UPDATE_PARAMS),
    Route(
        "POST",
        "/nodes/{node}/storage/{storage}/oci-registry-pull",
        post_pull,
        schemas.OCI_PULL_PARAMS,
        since=schemas.V91,
    ),
    *api_power.ROUTES,
]

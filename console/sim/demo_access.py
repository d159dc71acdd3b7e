"""The demo identities: users, API tokens and their ACLs."""

from __future__ import annotations

from console.sim.auth import AccessControl

DEMO_USER = "root@pam"
DEMO_PASSWORD = "demo-password"
DEMO_TOKEN_ID = "root@pam!console"
DEMO_TOKEN_SECRET = "8f2c6a1e-4b7d-4e39-9a05-3c1d7e6b2f48"

AUDITOR_USER = "auditor@pve"
AUDITOR_PASSWORD = "auditor-password"
READONLY_TOKEN_ID = "root@pam!readonly"
READONLY_TOKEN_SECRET = "0d9e4b3a-7c21-4f6e-8b15-92a4c6e1d307"
READONLY_POOL = "web"
TFA_USER = "tfa@pve"
TFA_PASSWORD = "tfa-password"
# The TOTP code the simulator accepts for TFA_USER, at any time.
TFA_CODE = "123456"


def install_demo_access(access: AccessControl) -> None:
    """Add the demo users and tokens to `access`."""
    access.add_user(DEMO_USER, DEMO_PASSWORD)
    access.add_token(DEMO_TOKEN_ID, DEMO_TOKEN_SECRET, privsep=False)
    access.add_user(AUDITOR_USER, AUDITOR_PASSWORD)
    access.grant(AUDITOR_USER, "/", ["VM.Audit"])
    access.add_token(READONLY_TOKEN_ID, READONLY_TOKEN_SECRET, privsep=True)
    access.grant(READONLY_TOKEN_ID, f"/pool/{READONLY_POOL}", ["VM.Audit"])
    access.add_user(TFA_USER, TFA_PASSWORD, totp=TFA_CODE)
    access.grant(TFA_USER, "/", ["VM.Audit"])

"""All Proxmox VE access, through proxmoxer."""

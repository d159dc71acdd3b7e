"""A Proxmox VE API simulator that speaks the real wire format over HTTPS."""

"""Pydantic models of CRI v1 `CreateContainerRequest` and every message under it.

Fields follow `api.proto` in name and order. Scalars use proto3 zero values for
"not set". Message fields are `None` when absent, because presence matters for
messages: `run_as_user: {value: 0}` is root, an absent one is the image's user.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from console.cri.enums import (
    MountPropagation,
    NamespaceMode,
    ProfileType,
    Protocol,
    Signal,
    SupplementalGroupsPolicy,
)

Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
UInt32 = Annotated[int, Field(ge=0, le=2**32 - 1)]
Int64 = Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
UInt64 = Annotated[int, Field(ge=0, le=2**64 - 1)]


class Message(BaseModel):
    """Base of every CRI message: unknown fields rejected, aliases are proto names."""

    model_config = ConfigDict(
        extra="forbid", validate_by_name=True, validate_by_alias=True
    )


class Int64Value(Message):
    """Wrapper that gives an int64 presence: `{value: 0}` differs from absent."""

    value: Int64 = 0


class KeyValue(Message):
    """One environment variable."""

    key: str = ""
    value: str = ""


class ImageSpec(Message):
    """Image of a container or of an image-volume mount."""

    image: str = ""
    annotations: dict[str, str] = Field(default_factory=dict)
    user_specified_image: str = ""
    runtime_handler: str = ""
    image_ref: str = ""


class ContainerMetadata(Message):
    """Name and restart attempt, unique within the sandbox."""

    name: str = ""
    attempt: UInt32 = 0


class IDMapping(Message):
    """A range of user or group ids mapped from the container to the host."""

    host_id: UInt32 = 0
    container_id: UInt32 = 0
    length: UInt32 = 0


class Mount(Message):
    """A bind mount or an image-volume mount."""

    container_path: str = ""
    host_path: str = ""
    readonly: bool = False
    selinux_relabel: bool = False
    propagation: MountPropagation = MountPropagation.PROPAGATION_PRIVATE
    uid_mappings: list[IDMapping] = Field(default_factory=list, alias="uidMappings")
    gid_mappings: list[IDMapping] = Field(default_factory=list, alias="gidMappings")
    recursive_read_only: bool = False
    image: ImageSpec | None = None
    image_sub_path: str = ""
    mount_options: list[str] = Field(default_factory=list)


class Device(Message):
    """A host device exposed in the container."""

    container_path: str = ""
    host_path: str = ""
    permissions: str = ""


class CDIDevice(Message):
    """A device named in the Container Device Interface form `vendor.com/class=name`."""

    name: str = ""


class HugepageLimit(Message):
    """Hugepage limit for one page size."""

    page_size: str = ""
    limit: UInt64 = 0


class LinuxContainerResources(Message):
    """cgroup resource settings; zero means not specified."""

    cpu_period: Int64 = 0
    cpu_quota: Int64 = 0
    cpu_shares: Int64 = 0
    memory_limit_in_bytes: Int64 = 0
    oom_score_adj: Int64 = 0
    cpuset_cpus: str = ""
    cpuset_mems: str = ""
    hugepage_limits: list[HugepageLimit] = Field(default_factory=list)
    unified: dict[str, str] = Field(default_factory=dict)
    memory_swap_limit_in_bytes: Int64 = 0


class Capability(Message):
    """Linux capabilities added or dropped."""

    add_capabilities: list[str] = Field(default_factory=list)
    drop_capabilities: list[str] = Field(default_factory=list)
    add_ambient_capabilities: list[str] = Field(default_factory=list)


class UserNamespace(Message):
    """User namespace mode and id mappings."""

    mode: NamespaceMode = NamespaceMode.POD
    uids: list[IDMapping] = Field(default_factory=list)
    gids: list[IDMapping] = Field(default_factory=list)


class NamespaceOption(Message):
    """Namespace modes of a container or sandbox."""

    network: NamespaceMode = NamespaceMode.POD
    pid: NamespaceMode = NamespaceMode.POD
    ipc: NamespaceMode = NamespaceMode.POD
    target_id: str = ""
    userns_options: UserNamespace | None = None


class SELinuxOption(Message):
    """SELinux label parts."""

    user: str = ""
    role: str = ""
    type: str = ""
    level: str = ""


class SecurityProfile(Message):
    """A seccomp or AppArmor profile; `localhost_ref` only with `Localhost`."""

    profile_type: ProfileType = ProfileType.RuntimeDefault
    localhost_ref: str = ""


class LinuxContainerSecurityContext(Message):
    """Security settings of a Linux container."""

    capabilities: Capability | None = None
    privileged: bool = False
    namespace_options: NamespaceOption | None = None
    selinux_options: SELinuxOption | None = None
    run_as_user: Int64Value | None = None
    run_as_group: Int64Value | None = None
    run_as_username: str = ""
    readonly_rootfs: bool = False
    supplemental_groups: list[Int64] = Field(default_factory=list)
    supplemental_groups_policy: SupplementalGroupsPolicy = (
        SupplementalGroupsPolicy.Merge
    )
    no_new_privs: bool = False
    masked_paths: list[str] = Field(default_factory=list)
    readonly_paths: list[str] = Field(default_factory=list)
    seccomp: SecurityProfile | None = None
    apparmor: SecurityProfile | None = None
    apparmor_profile: str = ""
    seccomp_profile_path: str = ""


class LinuxContainerConfig(Message):
    """Linux-specific container settings."""

    resources: LinuxContainerResources | None = None
    security_context: LinuxContainerSecurityContext | None = None


class WindowsCpuGroupAffinity(Message):
    """CPU group affinity of a Windows container."""

    cpu_mask: UInt64 = 0
    cpu_group: UInt32 = 0


class WindowsContainerResources(Message):
    """Resource settings of a Windows container."""

    cpu_shares: Int64 = 0
    cpu_count: Int64 = 0
    cpu_maximum: Int64 = 0
    memory_limit_in_bytes: Int64 = 0
    rootfs_size_in_bytes: Int64 = 0
    affinity_cpus: list[WindowsCpuGroupAffinity] = Field(default_factory=list)


class WindowsContainerSecurityContext(Message):
    """Security settings of a Windows container."""

    run_as_username: str = ""
    credential_spec: str = ""
    host_process: bool = False


class WindowsContainerConfig(Message):
    """Windows-specific container settings."""

    resources: WindowsContainerResources | None = None
    security_context: WindowsContainerSecurityContext | None = None


class ContainerConfig(Message):
    """The container to create."""

    metadata: ContainerMetadata | None = None
    image: ImageSpec | None = None
    command: list[str] = Field(default_factory=list)
    args: list[str] = Field(default_factory=list)
    working_dir: str = ""
    envs: list[KeyValue] = Field(default_factory=list)
    mounts: list[Mount] = Field(default_factory=list)
    devices: list[Device] = Field(default_factory=list)
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    log_path: str = ""
    stdin: bool = False
    stdin_once: bool = False
    tty: bool = False
    linux: LinuxContainerConfig | None = None
    windows: WindowsContainerConfig | None = None
    cdi_devices: list[CDIDevice] = Field(default_factory=list, alias="CDI_devices")
    stop_signal: Signal = Signal.SIGNAL_RUNTIME_DEFAULT


class PodSandboxMetadata(Message):
    """Name, uid, namespace and attempt of the pod the sandbox belongs to."""

    name: str = ""
    uid: str = ""
    namespace: str = ""
    attempt: UInt32 = 0


class DNSConfig(Message):
    """Resolver settings of the sandbox."""

    servers: list[str] = Field(default_factory=list)
    searches: list[str] = Field(default_factory=list)
    options: list[str] = Field(default_factory=list)


class PortMapping(Message):
    """A container port, published on the host when `host_port` is set."""

    protocol: Protocol = Protocol.TCP
    container_port: Int32 = 0
    host_port: Int32 = 0
    host_ip: str = ""


class LinuxSandboxSecurityContext(Message):
    """Security settings of a Linux sandbox."""

    namespace_options: NamespaceOption | None = None
    selinux_options: SELinuxOption | None = None
    run_as_user: Int64Value | None = None
    run_as_group: Int64Value | None = None
    readonly_rootfs: bool = False
    supplemental_groups: list[Int64] = Field(default_factory=list)
    supplemental_groups_policy: SupplementalGroupsPolicy = (
        SupplementalGroupsPolicy.Merge
    )
    privileged: bool = False
    seccomp: SecurityProfile | None = None
    apparmor: SecurityProfile | None = None
    seccomp_profile_path: str = ""


class LinuxPodSandboxConfig(Message):
    """Linux-specific sandbox settings."""

    cgroup_parent: str = ""
    security_context: LinuxSandboxSecurityContext | None = None
    sysctls: dict[str, str] = Field(default_factory=dict)
    overhead: LinuxContainerResources | None = None
    resources: LinuxContainerResources | None = None


class WindowsNamespaceOption(Message):
    """Namespace modes of a Windows sandbox."""

    network: NamespaceMode = NamespaceMode.POD


class WindowsSandboxSecurityContext(Message):
    """Security settings of a Windows sandbox."""

    run_as_username: str = ""
    credential_spec: str = ""
    host_process: bool = False
    namespace_options: WindowsNamespaceOption | None = None


class WindowsPodSandboxConfig(Message):
    """Windows-specific sandbox settings."""

    security_context: WindowsSandboxSecurityContext | None = None


class PodSandboxConfig(Message):
    """The sandbox the container is created in, as given to RunPodSandbox."""

    metadata: PodSandboxMetadata | None = None
    hostname: str = ""
    log_directory: str = ""
    dns_config: DNSConfig | None = None
    port_mappings: list[PortMapping] = Field(default_factory=list)
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    linux: LinuxPodSandboxConfig | None = None
    windows: WindowsPodSandboxConfig | None = None


class CreateContainerRequest(Message):
    """The whole request: the sandbox id, the container and the sandbox's config."""

    pod_sandbox_id: str = ""
    config: ContainerConfig | None = None
    sandbox_config: PodSandboxConfig | None = None

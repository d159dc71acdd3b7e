"""CRI v1 enums, with the value names of `api.proto`."""

from __future__ import annotations

from enum import IntEnum


class Protocol(IntEnum):
    """Protocol of a sandbox port mapping."""

    TCP = 0
    UDP = 1
    SCTP = 2


class MountPropagation(IntEnum):
    """Mount propagation between the host and the container."""

    PROPAGATION_PRIVATE = 0
    PROPAGATION_HOST_TO_CONTAINER = 1
    PROPAGATION_BIDIRECTIONAL = 2


class NamespaceMode(IntEnum):
    """Namespace a container joins: the pod's, its own, the node's or a target's."""

    POD = 0
    CONTAINER = 1
    NODE = 2
    TARGET = 3


class ProfileType(IntEnum):
    """Kind of a seccomp or AppArmor security profile."""

    RuntimeDefault = 0
    Unconfined = 1
    Localhost = 2


class SupplementalGroupsPolicy(IntEnum):
    """Rule for merging the image user's supplemental groups with the request's."""

    Merge = 0
    Strict = 1


class Signal(IntEnum):
    """Stop signal of a container (cri-api HEAD names; older ones lack `SIGNAL_`)."""

    SIGNAL_RUNTIME_DEFAULT = 0
    SIGNAL_SIGABRT = 1
    SIGNAL_SIGALRM = 2
    SIGNAL_SIGBUS = 3
    SIGNAL_SIGCHLD = 4
    SIGNAL_SIGCLD = 5
    SIGNAL_SIGCONT = 6
    SIGNAL_SIGFPE = 7
    SIGNAL_SIGHUP = 8
    SIGNAL_SIGILL = 9
    SIGNAL_SIGINT = 10
    SIGNAL_SIGIO = 11
    SIGNAL_SIGIOT = 12
    SIGNAL_SIGKILL = 13
    SIGNAL_SIGPIPE = 14
    SIGNAL_SIGPOLL = 15
    SIGNAL_SIGPROF = 16
    SIGNAL_SIGPWR = 17
    SIGNAL_SIGQUIT = 18
    SIGNAL_SIGSEGV = 19
    SIGNAL_SIGSTKFLT = 20
    SIGNAL_SIGSTOP = 21
    SIGNAL_SIGSYS = 22
    SIGNAL_SIGTERM = 23
    SIGNAL_SIGTRAP = 24
    SIGNAL_SIGTSTP = 25
    SIGNAL_SIGTTIN = 26
    SIGNAL_SIGTTOU = 27
    SIGNAL_SIGURG = 28
    SIGNAL_SIGUSR1 = 29
    SIGNAL_SIGUSR2 = 30
    SIGNAL_SIGVTALRM = 31
    SIGNAL_SIGWINCH = 32
    SIGNAL_SIGXCPU = 33
    SIGNAL_SIGXFSZ = 34
    SIGNAL_SIGRTMIN = 35
    SIGNAL_SIGRTMINPLUS1 = 36
    SIGNAL_SIGRTMINPLUS2 = 37
    SIGNAL_SIGRTMINPLUS3 = 38
    SIGNAL_SIGRTMINPLUS4 = 39
    SIGNAL_SIGRTMINPLUS5 = 40
    SIGNAL_SIGRTMINPLUS6 = 41
    SIGNAL_SIGRTMINPLUS7 = 42
    SIGNAL_SIGRTMINPLUS8 = 43
    SIGNAL_SIGRTMINPLUS9 = 44
    SIGNAL_SIGRTMINPLUS10 = 45
    SIGNAL_SIGRTMINPLUS11 = 46
    SIGNAL_SIGRTMINPLUS12 = 47
    SIGNAL_SIGRTMINPLUS13 = 48
    SIGNAL_SIGRTMINPLUS14 = 49
    SIGNAL_SIGRTMINPLUS15 = 50
    SIGNAL_SIGRTMAXMINUS14 = 51
    SIGNAL_SIGRTMAXMINUS13 = 52
    SIGNAL_SIGRTMAXMINUS12 = 53
    SIGNAL_SIGRTMAXMINUS11 = 54
    SIGNAL_SIGRTMAXMINUS10 = 55
    SIGNAL_SIGRTMAXMINUS9 = 56
    SIGNAL_SIGRTMAXMINUS8 = 57
    SIGNAL_SIGRTMAXMINUS7 = 58
    SIGNAL_SIGRTMAXMINUS6 = 59
    SIGNAL_SIGRTMAXMINUS5 = 60
    SIGNAL_SIGRTMAXMINUS4 = 61
    SIGNAL_SIGRTMAXMINUS3 = 62
    SIGNAL_SIGRTMAXMINUS2 = 63
    SIGNAL_SIGRTMAXMINUS1 = 64
    SIGNAL_SIGRTMAX = 65

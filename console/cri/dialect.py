"""Write a request in the dialect crictl reads: proto names, numeric enums, wrappers."""

from __future__ import annotations

from console.cri.fieldspec import Kind, message_spec
from console.cri.models import CreateContainerRequest, Int64Value, Message


def request_to_data(request: CreateContainerRequest) -> dict[str, object]:
    """Return `request` as crictl input, in proto field order, unset values omitted.

    Messages that are present stay in the output even when empty, because their
    presence matters. `seccomp: {}` is RuntimeDefault, while an absent `seccomp`
    leaves the choice to the runtime.
    """
    return _message_data(request)


def _message_data(message: Message) -> dict[str, object]:
    if isinstance(message, Int64Value):
        # `{value: 0}` is root; writing `{}` would mean the same but hide it.
        return {"value": message.value}
    data: dict[str, object] = {}
    for field in message_spec(type(message)).fields:
        value = getattr(message, field.attribute)
        kind = field.kind
        if kind is Kind.MESSAGE:
            if value is not None:
                data[field.proto_name] = _message_data(value)
        elif kind is Kind.MESSAGE_LIST:
            if value:
                data[field.proto_name] = [_message_data(item) for item in value]
        elif kind is Kind.ENUM:
            if value:
                data[field.proto_name] = int(value)
        elif kind is Kind.STRING_LIST or kind is Kind.INT_LIST:
            if value:
                data[field.proto_name] = list(value)
        elif kind is Kind.STRING_MAP:
            if value:
                data[field.proto_name] = dict(value)
        elif value:
            data[field.proto_name] = value
    return data

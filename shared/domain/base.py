"""The base of the domain's stored records."""

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """A stored record. Its validator is built on first use, not at import: a function that never
    touches a kind of record does not pay for it on a cold start."""

    model_config = ConfigDict(defer_build=True)

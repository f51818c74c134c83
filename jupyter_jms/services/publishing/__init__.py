"""Publishing: the outbox, the publisher inside the service, connectors, vault resolvers."""

from .publisher import Publisher
from .service import PublishingService

__all__ = ["Publisher", "PublishingService"]

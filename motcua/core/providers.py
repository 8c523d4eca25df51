"""A small typed registry for integrations (SMS, payment, postal, national portal, ...).

Each integration defines one interface and registers its providers by name; settings choose
the provider by that name, so a province switches provider without code changes.
"""

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

Provider = TypeVar("Provider")


class ProviderRegistry(Generic[Provider]):
    def __init__(self, integration: str) -> None:
        self.integration = integration
        self._factories: dict[str, Callable[..., Provider]] = {}

    def register(self, name: str) -> Callable[[Callable[..., Provider]], Callable[..., Provider]]:
        def decorator(factory: Callable[..., Provider]) -> Callable[..., Provider]:
            if name in self._factories:
                raise ImproperlyConfigured(
                    f"{self.integration} provider {name!r} registered twice."
                )
            self._factories[name] = factory
            return factory

        return decorator

    def names(self) -> list[str]:
        return sorted(self._factories)

    def create(self, name: str, options: dict[str, Any] | None = None) -> Provider:
        try:
            factory = self._factories[name]
        except KeyError:
            known = ", ".join(self.names()) or "none"
            raise ImproperlyConfigured(
                f"Unknown {self.integration} provider {name!r}; known: {known}."
            ) from None
        return factory(**(options or {}))

"""The domain's refusal: an action that the rules do not allow, with a message for people."""


class ActionRefused(Exception):
    """An action on a dossier was refused; `message` is translated and shown as it is.

    `code` names the kind of refusal for programs (the API's error code, tests)."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

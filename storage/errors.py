"""Errors the store raises; ``str()`` of each is a Danish message for the user."""


class StoreError(Exception):
    """The store cannot be opened or used; nothing was changed."""


class ReadOnlyStoreError(StoreError):
    def __init__(self) -> None:
        super().__init__("Aftalerne er åbnet skrivebeskyttet; ændringen er ikke gemt.")


class NotFoundError(StoreError):
    pass

"""The demo's data files: TOML read with the standard library from the ``data/`` folder beside
the module that seeds them (marketplace/demo/data, orders/demo/data, showcase/demo/data). Each
file's header comment gives its schema."""

import tomllib
from pathlib import Path


def datafile_load(module_file: str, name: str) -> dict:
    """``data/<name>.toml`` beside the module whose ``__file__`` is ``module_file``."""
    with (Path(module_file).parent / "data" / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)

import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEEDS = os.path.join(ROOT, "seeds")
SHARED_DATA = os.path.join(ROOT, "..", "shared", "data")


def pytest_report_header(config):
    import datasette.version
    import sqlite_utils

    return f"datasette {datasette.version.__version__}, sqlite-utils {sqlite_utils.__version__ if hasattr(sqlite_utils, '__version__') else '?'}"


def shared_data(name):
    """Path of a file in ../shared/data, or skip the test with the reason."""
    path = os.path.join(SHARED_DATA, name)
    if not os.path.exists(path):
        pytest.skip(f"../shared/data/{name} is not here (real data for development, not part of the repo)")
    return path

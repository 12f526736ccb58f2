from pathlib import Path

import pytest


@pytest.fixture
def write_file(tmp_path):
    def make(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return make

"""How the suite is ordered and shared between xdist workers (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from tests.conftest import STARTED_FIRST, KeptTogether, pytest_collection_modifyitems


def scope(nodeid: str) -> str:
    return KeptTogether._split_scope(object.__new__(KeptTogether), nodeid)


def test_a_module_kept_together_is_one_unit_and_any_other_test_is_its_own():
    packaged = {scope(f"tests/test_packaged.py::test_{n}") for n in ("a", "b[x]", "c")}
    assert packaged == {"tests/test_packaged.py"}  # one worker builds the bundle once
    pair = {scope(f"tests/test_clinic_two_desks.py::test_{n}") for n in ("a", "b")}
    assert pair == {"tests/test_clinic_two_desks.py"}
    others = {scope(f"tests/test_store.py::test_{n}") for n in ("a", "b")}
    assert others == {"tests/test_store.py::test_a", "tests/test_store.py::test_b"}


def test_the_longest_modules_come_first_and_the_rest_keep_their_order():
    names = ["test_a.py", STARTED_FIRST[1], "test_b.py", STARTED_FIRST[0], "test_c.py"]
    items = [SimpleNamespace(path=Path("tests") / name) for name in names]
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    assert [item.path.name for item in items] == [
        STARTED_FIRST[0],
        STARTED_FIRST[1],
        "test_a.py",
        "test_b.py",
        "test_c.py",
    ]

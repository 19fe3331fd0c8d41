from pathlib import Path

import pytest

from halt_adapters.export import DirectorySink
from halt_core.errors import ExportFailed


def test_a_directory_sink_refuses_a_folder_holding_files(tmp_path: Path) -> None:
    (tmp_path / "referrals.csv").write_text("from an earlier export", encoding="utf-8")
    sink = DirectorySink(tmp_path)
    with pytest.raises(ExportFailed, match=r"is not empty \(referrals\.csv\)"), sink.open("a.csv"):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["referrals.csv"]


def test_a_directory_sink_makes_a_new_folder_and_writes_several_files(tmp_path: Path) -> None:
    sink = DirectorySink(tmp_path / "new" / "export")
    for name in ("a.csv", "b.csv"):
        with sink.open(name) as stream:
            stream.write(name.encode())
    assert sorted(p.name for p in (tmp_path / "new" / "export").iterdir()) == ["a.csv", "b.csv"]
    assert sink.written == ["a.csv", "b.csv"]

import pytest

from data_processor import clean_rows, column_stats, load_csv, save_csv

SAMPLE = "name,age,score\nalice,30,88.5\nbob, 25 ,92\ncarol,,70\ndave,41,not-a-number\n erin ,35,81\n"


@pytest.fixture
def sample_csv(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_load_csv_reads_header_and_rows(sample_csv):
    rows = load_csv(sample_csv)
    assert len(rows) == 5
    assert rows[0] == {"name": "alice", "age": "30", "score": "88.5"}
    assert rows[2]["age"] == ""


def test_load_csv_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    assert load_csv(path) == []


def test_clean_rows_strips_converts_and_drops_invalid(sample_csv):
    cleaned = clean_rows(load_csv(sample_csv), ["age", "score"])
    assert cleaned == [
        {"name": "alice", "age": 30.0, "score": 88.5},
        {"name": "bob", "age": 25.0, "score": 92.0},
        {"name": "erin", "age": 35.0, "score": 81.0},
    ]


def test_clean_rows_does_not_modify_input():
    rows = [{"name": " x ", "age": " 7 "}]
    clean_rows(rows, ["age"])
    assert rows == [{"name": " x ", "age": " 7 "}]


def test_clean_rows_drops_rows_missing_a_numeric_field():
    assert clean_rows([{"name": "x"}], ["age"]) == []


def test_column_stats():
    rows = [{"v": 4.0}, {"v": 1.0}, {"v": 3.0}, {"v": 2.0}]
    assert column_stats(rows, "v") == {"count": 4, "mean": 2.5, "median": 2.5, "min": 1.0, "max": 4.0}
    assert column_stats(rows[:3], "v")["median"] == 3.0


def test_column_stats_rejects_empty_rows():
    with pytest.raises(ValueError):
        column_stats([], "v")


def test_save_csv_round_trip(tmp_path, sample_csv):
    cleaned = clean_rows(load_csv(sample_csv), ["age", "score"])
    out = tmp_path / "out" / "clean.csv"
    out.parent.mkdir()
    assert save_csv(cleaned, out, ["name", "age", "score"]) == 3
    assert out.read_text(encoding="utf-8").splitlines()[0] == "name,age,score"
    assert load_csv(out)[1] == {"name": "bob", "age": "25.0", "score": "92.0"}

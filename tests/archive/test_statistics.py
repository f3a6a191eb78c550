"""Small-cell and complementary suppression (P10)."""

from memorial.archive.statistics import Cell, suppressed_table, with_complements_suppressed


def shown(cells):
    return [item.value if not item.suppressed else "-" for item in cells]


def test_cells_below_k_are_suppressed_and_zero_is_shown():
    assert shown(with_complements_suppressed([0, 3, 5, 40], 5)) == [0, "-", "-", 40]


def test_a_lone_suppressed_cell_takes_the_next_smallest_with_it():
    # Without the second suppression, 2 = total − 10 − 40.
    cells = with_complements_suppressed([2, 10, 40], 5)
    assert shown(cells) == ["-", "-", 40]
    assert [item.complement for item in cells] == [False, True, False]


def test_two_suppressed_cells_already_protect_each_other():
    assert shown(with_complements_suppressed([2, 3, 40], 5)) == ["-", "-", 40]


def test_nothing_to_suppress():
    assert shown(with_complements_suppressed([5, 10], 5)) == [5, 10]


def test_tables_keep_their_labels():
    assert suppressed_table([(2017, 1), (2018, 30), (2019, 12)], 5) == [
        (2017, Cell(None, True)),
        (2018, Cell(30)),
        (2019, Cell(None, True, complement=True)),
    ]

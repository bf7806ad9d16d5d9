"""The streamed workbook reads back, through openpyxl, as the values written: each type of cell,
text that XML would take for markup, a sheet name a spreadsheet refuses, the header kept in
sight."""

import datetime
import io
import zipfile

from openpyxl import load_workbook

from chancery.core import xlsx


def read_back(body):
    workbook = load_workbook(io.BytesIO(body))
    return workbook.active, [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_every_kind_of_value_reads_back_as_written_and_the_rows_stream_as_they_come():
    text = ' <b>"Tom" & Jerry</b>\nline two\t '
    rows = [
        ["key", "title", "when", "share", "signed", "empty"],
        [1, text, datetime.date(2016, 6, 1), 2.5, True, None],
        [2**40, "=1+1", "2011", -0.0, False, ""],
    ]

    parts = list(xlsx.stream("Agreements", ([row] for row in rows)))
    sheet, values = read_back(b"".join(parts))

    assert len(parts) == len(rows) + 1  # one part per batch, and the package's end
    assert values == [
        rows[0],
        [1, text, "2016-06-01", 2.5, True, None],
        [2**40, "=1+1", "2011", -0.0, False, None],
    ]
    assert sheet.freeze_panes == "A2"


def test_a_wide_sheet_names_its_columns_past_z_and_a_name_is_cut_to_what_a_sheet_holds():
    row = list(range(60))

    sheet, values = read_back(b"".join(xlsx.stream("Parties: [all]/*" + "x" * 40, [[row]])))

    assert values == [row]
    assert [xlsx.column_letters(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
    ]
    assert sheet.title == "Parties   all   " + "x" * 15
    assert len(sheet.title) == 31


def test_a_number_no_cell_can_hold_is_written_as_text_and_the_package_is_a_valid_zip():
    body = b"".join(xlsx.stream("Figures", [[[float("nan"), float("inf")]]]))

    assert zipfile.ZipFile(io.BytesIO(body)).testzip() is None
    assert read_back(body)[1] == [["nan", "inf"]]

"""A workbook of one sheet, written as its rows come and streamed as it is written.

openpyxl, even in its write-only mode, builds an XML element per cell: about 1 s for 10,000 rows
of twelve columns, most of an export's time. A sheet of plain values needs none of that: each row
is one line of SpreadsheetML, its text inline, and the package is zipped as it streams (the ZIP's
sizes follow each part, so nothing is held back to seek to). openpyxl stays the reader the tests
check these files with."""

import datetime
import zipfile
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = f"""{HEAD}<Types xmlns="{PACKAGE}/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{OFFICE}.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="{OFFICE}.styles+xml"/></Types>"""
PACKAGE_RELATIONSHIPS = f"""{HEAD}<Relationships xmlns="{PACKAGE}/relationships">\
<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""
WORKBOOK = f"""{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>\
<sheet name=%s sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELATIONSHIPS = f"""{HEAD}<Relationships xmlns="{PACKAGE}/relationships">\
<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>"""
# one font, the two fills a spreadsheet requires, one border and one cell format: the default
STYLES = f"""{HEAD}<styleSheet xmlns="{MAIN}">\
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
# the first row, the headers, stays in sight as the sheet scrolls
SHEET_START = f"""{HEAD}<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView>\
</sheetViews><sheetData>"""
SHEET_END = "</sheetData></worksheet>"
# what a sheet's name may not hold
NOT_IN_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def column_letters(index):
    """The letters of the column at `index` (0: A, 26: AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_number(value):
    return value.__class__ is int or (
        value.__class__ is float and value == value and abs(value) != float("inf")
    )


def _cell(reference, value):
    if value is None or value == "":
        return ""
    if value.__class__ is bool:
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if _is_number(value):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    if isinstance(value, datetime.date):
        value = value.isoformat()
    text = escape(str(value))
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


class _Drain:
    """An output the ZIP writes to, read back and emptied after each batch of rows."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data, self.parts = b"".join(self.parts), []
        return data


def stream(title, batches):
    """The bytes of an XLSX workbook whose one sheet, named `title`, holds the rows of
    `batches` (each an iterable of rows of values: text, numbers, booleans, dates or None;
    text must hold only what XML 1.0 can, see `core.text.spreadsheet_text`)."""
    out = _Drain()
    package = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
    name = quoteattr(str(title).translate(NOT_IN_TITLE)[:31] or "Sheet")
    for path, text in (
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELATIONSHIPS),
        ("xl/workbook.xml", WORKBOOK % name),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONSHIPS),
        ("xl/styles.xml", STYLES),
    ):
        package.writestr(path, text)
    letters = []
    number = 0
    with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
        sheet.write(SHEET_START.encode())
        for rows in batches:
            lines = []
            for row in rows:
                number += 1
                while len(letters) < len(row):
                    letters.append(column_letters(len(letters)))
                cells = "".join(
                    _cell(f"{letter}{number}", value)
                    for letter, value in zip(letters, row, strict=False)
                )
                lines.append(f'<row r="{number}">{cells}</row>')
            sheet.write("".join(lines).encode())
            yield out.take()
        sheet.write(SHEET_END.encode())
    package.close()
    yield out.take()

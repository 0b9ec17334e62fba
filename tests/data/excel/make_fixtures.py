#!/usr/bin/python3
"""Writes the Excel fixtures of tests/unit/test_read_xlsx.c and tests/cli/read_excel.sh.

Run with Debian's /usr/bin/python3 (python3-openpyxl 3.0.9, python3-xlwt 1.3.0):
    cd tests/data/excel && /usr/bin/python3 make_fixtures.py
The outputs are committed, so the tests need no Python.

Every sheet is written from one list of Python rows ("the values"):
  * to the .xlsx by openpyxl (an independent writer), except the sheet "类型", whose XML this script
    writes itself (openpyxl 3.0 writes neither cached formula values, inline strings, error cells nor
    rich text): openpyxl writes a placeholder sheet whose cells carry the number formats, and the
    placeholder's XML is then replaced in the zip by ours, using the style indexes openpyxl gave;
  * to the .xls by xlwt;
  * to the UTF-8 CSV twin <book>_<sheet>.csv by Python's csv module, each row padded to the sheet's
    width as Excel's own CSV export pads it, with each value written as Excel displays it:
    numbers by repr() (the shortest text that reads back to the same double), dates as
    YYYY-MM-DD, date-times as YYYY-MM-DD HH:MM:SS, times as HH:MM:SS, booleans as TRUE/FALSE,
    error values and formulas without a cached value as empty cells.
openpyxl writes numbers with "%.16g", which does not round-trip every double, so the openpyxl
sheets only hold numbers for which it does (checked below); the hand-written sheet writes repr().
"""
import csv
import datetime as dt
import io
import re
import shutil
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import xlwt
from openpyxl.styles import Alignment

HERE = "."


def csv_text(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, dt.time):
        return v.strftime("%H:%M:%S")
    return str(v)


def write_csv(path, rows, width):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in rows:
            w.writerow([csv_text(v) for v in r] + [""] * (width - len(r)))


def check_16g(rows):
    for r in rows:
        for v in r:
            if isinstance(v, float):
                assert float("%.16g" % v) == v, v


# --- sheet 1: a yearbook table: title row merged across, two-row header with merged cells ----------
T1 = "地区生产总值"
T1_ROWS = [
    ["表1 各地区生产总值和人口（2020—2021年）"],
    ["地区", "年份", "地区生产总值", None, "人口", None],
    [None, None, "总量（亿元）", "增速（%）", "常住人口（万人）", "城镇化率（%）"],
    ["北京市", 2020, 36102.6, 1.2, "2189", 87.55],
    ["北京市", 2021, 40269.6, 8.5, "2189", 87.53],
    ["天津市", 2020, 14083.7, 1.5, "1387", 84.7],
    ["天津市", 2021, 15695.0, 6.6, "—", 84.88],
    ["内蒙古自治区", 2020, 17359.8, 0.2, "2403", 67.48],
    ["内蒙古自治区", 2021, 20514.2, 6.3, "2400", "—"],
    ["广西壮族自治区", 2020, 22156.69, 3.7, "5019", 54.2],
    ["广西壮族自治区", 2021, 24740.86, 7.5, "5037", 55.08],
]
T1_MERGES = ["A1:F1", "A2:A3", "B2:B3", "C2:D2", "E2:F2"]

# --- sheet 2: a plain table with dates, header in row 1, trailing styled empty rows and columns --
T2 = "人口"
T2_ROWS = [
    ["代码", "地区", "年份", "年末常住人口（万人）", "出生率（‰）", "统计日期", "更新时间", "远期日期"],
    ["110000", "北京市", 2022, 2184.3, 5.67, dt.date(2022, 12, 31), dt.datetime(2023, 3, 1, 9, 30, 0), dt.date(2100, 3, 1)],
    ["120000", "天津市", 2022, 1363.0, 4.75, dt.date(2022, 12, 31), dt.datetime(2023, 3, 1, 9, 30, 15), dt.date(2400, 2, 29)],
    ["130000", "河北省", 2022, 7420.0, 6.09, dt.date(2022, 12, 31), dt.datetime(2023, 3, 2, 17, 5, 59), dt.date(3000, 12, 31)],
    ["140000", "山西省", 2022, 3481.35, 6.75, dt.date(2021, 6, 30), dt.datetime(2023, 3, 2, 0, 0, 1), dt.date(5000, 6, 30)],
    ["150000", "内蒙古自治区", 2022, 2401.17, 5.58, None, None, dt.date(9999, 1, 1)],
]

# --- sheet 3: named "2", so that the option sheet "2" means this sheet, not the second one ------
T3 = "2"
T3_ROWS = [["指标"], ["名为2的工作表"]]

# --- sheet 4: every cell type, written as XML by this script ---------------------------------------
T4 = "类型"
EPOCH = dt.datetime(1899, 12, 30)


def serial(v):
    """Excel's 1900 serial number of a date, date-time or time (Python's own arithmetic)."""
    if isinstance(v, dt.time):
        return (v.hour * 3600 + v.minute * 60 + v.second) / 86400
    if not isinstance(v, dt.datetime):
        v = dt.datetime(v.year, v.month, v.day)
    d = v - EPOCH
    days = d.days
    if days < 61:  # Excel counts the fictitious 1900-02-29 (serial 60): dates before it are one lower
        days -= 1
    return days + d.seconds / 86400


# Each cell: (xml kind, xml value, csv value). Kinds: n (number, verbatim <v>), s:FMT (number in a
# formatted style), inline, str (formula with a text result), b, e (error), nocache (formula without
# value), d (ISO date text, t="d"), rich (a shared string with runs and a phonetic run).
T4_HEADER = ["编号", "数值", "日期", "日期时间", "时间", "中文日期", "内置日期", "带引号d", "红色", "布尔",
             "公式数值", "公式文本", "错误", "未计算", "转义", "富文本", "ISO日期"]
D = dt.date
T4_DATA = [
    [("inline", "甲", "甲"), ("n", "0.30000000000000004", 0.30000000000000004),
     ("s:date", D(2020, 1, 15), D(2020, 1, 15)), ("s:datetime", dt.datetime(2020, 1, 15, 8, 30), dt.datetime(2020, 1, 15, 8, 30)),
     ("s:time", dt.time(8, 30), dt.time(8, 30)), ("s:zhdate", D(2021, 10, 1), D(2021, 10, 1)),
     ("s:builtin14", D(2019, 12, 31), D(2019, 12, 31)), ("s:quoted", "3.5", 3.5), ("s:red", "-12.25", -12.25),
     ("b", "1", True), ("f:n", "0.60000000000000009", 0.6000000000000001), ("f:str", "甲年", "甲年"),
     ("e", "#N/A", None), ("nocache", "", None), ("inline", "_x4E2D__x6587_", "中文"),
     ("rich", 0, "富文本"), ("d", "2020-01-15T00:00:00", D(2020, 1, 15))],
    [("inline", "乙", "乙"), ("n", "1E-05", 1e-05),
     ("s:date", D(1900, 1, 1), D(1900, 1, 1)), ("s:datetime", dt.datetime(1999, 12, 31, 23, 59, 59), dt.datetime(1999, 12, 31, 23, 59, 59)),
     ("s:time", dt.time(23, 59, 59), dt.time(23, 59, 59)), ("s:zhdate", D(2000, 2, 29), D(2000, 2, 29)),
     ("s:builtin14", D(1970, 1, 1), D(1970, 1, 1)), ("s:quoted", "0", 0), ("s:red", "1000", 1000),
     ("b", "0", False), ("f:n", "2E-05", 2e-05), ("f:str", "乙年", "乙年"),
     ("e", "#DIV/0!", None), ("nocache", "", None), ("inline", "a_x005F_x0041_b", "a_x0041_b"),
     ("rich", 1, "第二 行"), ("d", "2021-06-30T00:00:00", D(2021, 6, 30))],
    [("inline", "丙", "丙"), ("n", "1.7976931348623157E+308", 1.7976931348623157e+308),
     ("s:date", "60", "1900-02-29"), ("s:datetime", D(1900, 3, 1), dt.datetime(1900, 3, 1)),
     ("s:time", dt.time(0, 0, 1), dt.time(0, 0, 1)), ("s:zhdate", D(1900, 2, 28), D(1900, 2, 28)),
     ("s:builtin14", D(9999, 12, 31), D(9999, 12, 31)), ("s:quoted", "12", 12), ("s:red", "0.1", 0.1),
     ("b", "1", True), ("f:n", "123456789012345678", 123456789012345678), ("f:str", "", None),
     ("e", "#VALUE!", None), ("nocache", "", None), ("inline", "_xD83D__xDE00_", "\U0001F600"),
     ("rich", 0, "富文本"), ("d", "2022-03-04T00:00:00", D(2022, 3, 4))],
]
FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd h:mm:ss", "time": "h:mm:ss",
           "zhdate": 'yyyy"年"m"月"d"日"', "builtin14": "mm-dd-yy", "quoted": '0.0"day"', "red": "[Red]0.00"}
RICH = [
    '<si><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r><rPh sb="0" eb="1"><t>フ</t></rPh><phoneticPr fontId="1"/></si>',
    '<si><r><t xml:space="preserve">第二</t></r><r><t xml:space="preserve"> 行</t></r></si>',
]


def col_letter(j):
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def t4_xml(styles, rich_base):
    """The worksheet XML of T4; the last data row and its cells carry no r attribute."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
           '<dimension ref="A1:Q4"/><sheetData>']
    out.append('<row r="1">' + "".join(
        f'<c r="{col_letter(j)}1" t="inlineStr"><is><t>{escape(h)}</t></is></c>' for j, h in enumerate(T4_HEADER)) + "</row>")
    for i, row in enumerate(T4_DATA):
        rn = i + 2
        last = i == len(T4_DATA) - 1
        cells = []
        for j, (kind, xv, _) in enumerate(row):
            ref = "" if last else f' r="{col_letter(j)}{rn}"'
            if kind == "inline":
                cells.append(f'<c{ref} t="inlineStr"><is><t>{escape(xv)}</t></is></c>')
            elif kind == "n":
                cells.append(f"<c{ref}><v>{xv}</v></c>")
            elif kind.startswith("s:"):
                v = xv if isinstance(xv, str) else repr(serial(xv))
                cells.append(f'<c{ref} s="{styles[kind[2:]]}"><v>{v}</v></c>')
            elif kind == "b":
                cells.append(f'<c{ref} t="b"><v>{xv}</v></c>')
            elif kind == "f:n":
                cells.append(f"<c{ref}><f>B{rn}*2</f><v>{xv}</v></c>")
            elif kind == "f:str":
                cells.append(f'<c{ref} t="str"><f>A{rn}&amp;"年"</f><v>{escape(xv)}</v></c>')
            elif kind == "e":
                cells.append(f'<c{ref} t="e"><f>1/0</f><v>{escape(xv)}</v></c>')
            elif kind == "nocache":
                cells.append(f"<c{ref}><f>SUM(B2:B4)</f></c>")
            elif kind == "rich":
                cells.append(f'<c{ref} t="s"><v>{rich_base + xv}</v></c>')
            elif kind == "d":
                cells.append(f'<c{ref} s="{styles["date"]}" t="d"><v>{xv}</v></c>')
        out.append(("<row>" if last else f'<row r="{rn}">') + "".join(cells) + "</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def t4_rows():
    return [T4_HEADER] + [[c[2] for c in row] for row in T4_DATA]


# --- the .xlsx -------------------------------------------------------------------------------------
def write_xlsx(path):
    for rows in (T1_ROWS, T2_ROWS):
        check_16g(rows)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = T1
    for r in T1_ROWS:
        ws.append(r)
    for m in T1_MERGES:
        ws.merge_cells(m)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["H14"].number_format = "0.00"  # a styled empty cell past the table: trailing row and columns
    ws2 = wb.create_sheet(T2)
    for r in T2_ROWS:
        ws2.append(r)
    for row in ws2.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].number_format = "yyyy-mm-dd"
    for row in ws2.iter_rows(min_row=2, min_col=7, max_col=7):
        row[0].number_format = "yyyy-mm-dd hh:mm:ss"
    for row in ws2.iter_rows(min_row=2, min_col=8, max_col=8):
        row[0].number_format = "yyyy-mm-dd"
    ws2["K10"].number_format = "0.0"
    ws2["A9"].number_format = "0.0"
    ws3 = wb.create_sheet(T3)
    for r in T3_ROWS:
        ws3.append(r)
    ws4 = wb.create_sheet(T4)  # the placeholder: one cell per number format
    for k, (name, fmt) in enumerate(FORMATS.items()):
        c = ws4.cell(row=k + 1, column=1, value=1)
        c.number_format = fmt
    wb.save(path + ".tmp")

    zin = zipfile.ZipFile(path + ".tmp")
    rels = zin.read("xl/_rels/workbook.xml.rels").decode()
    wbxml = zin.read("xl/workbook.xml").decode()
    rid = re.search(r'<sheet[^>]*name="%s"[^>]*r:id="(rId\d+)"' % T4, wbxml).group(1)
    target = re.search(r'<Relationship[^>]*Id="%s"[^>]*Target="([^"]+)"' % rid, rels) or \
        re.search(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="%s"' % rid, rels)
    t4part = target.group(1).lstrip("/")
    if not t4part.startswith("xl/"):
        t4part = "xl/" + t4part
    ph = zin.read(t4part).decode()
    styles = {}
    for k, name in enumerate(FORMATS):
        m = re.search(r'<c r="A%d" s="(\d+)"' % (k + 1), ph)
        styles[name] = int(m.group(1))
    # openpyxl 3.0.9 writes every string inline (t="inlineStr"); Excel writes shared strings. The
    # strings of the first two sheets move into a shared-string table (the third keeps inline ones),
    # followed by the rich-text entries of T4.
    shared, index = [], {}

    def to_shared(m):
        text = m.group(3)
        if text not in index:
            index[text] = len(shared)
            shared.append(text)
        return '<c r="%s"%s t="s"><v>%d</v></c>' % (m.group(1), m.group(2) or "", index[text])

    inline = re.compile(r'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>')
    parts = {}
    for n in (1, 2):
        name = "xl/worksheets/sheet%d.xml" % n
        parts[name] = inline.sub(to_shared, zin.read(name).decode())
    nsst = len(shared)
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
           % (nsst + len(RICH), nsst + len(RICH))
           + "".join('<si><t xml:space="preserve">%s</t></si>' % t for t in shared) + "".join(RICH) + "</sst>")
    parts["xl/sharedStrings.xml"] = sst
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml" Id="rId99"/></Relationships>')
    ct = zin.read("[Content_Types].xml").decode()
    parts["[Content_Types].xml"] = ct.replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts[t4part] = t4_xml(styles, nsst)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = parts.pop(item.filename, None)
            zout.writestr(item, data.encode() if data is not None else zin.read(item.filename))
        for name, data in parts.items():
            zout.writestr(name, data.encode())
    zin.close()
    import os
    os.remove(path + ".tmp")


# --- the .xls twin (xlwt): same values; no formulas (xlwt stores no results) -----------------------
def write_xls(path):
    wb = xlwt.Workbook(encoding="utf-8")
    fmts = {dt.datetime: xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss"),
            dt.date: xlwt.easyxf(num_format_str="yyyy-mm-dd"),
            dt.time: xlwt.easyxf(num_format_str="hh:mm:ss")}
    for name, rows, merges in ((T1, T1_ROWS, T1_MERGES), (T2, T2_ROWS, []), (T3, T3_ROWS, []),
                               (T4, t4_rows(), [])):
        ws = wb.add_sheet(name)
        merged = set()
        for m in merges:
            a, b = m.split(":")
            r0, c0 = int(a[1:]) - 1, ord(a[0]) - 65
            r1, c1 = int(b[1:]) - 1, ord(b[0]) - 65
            ws.write_merge(r0, r1, c0, c1, rows[r0][c0])
            merged |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                if (i, j) in merged or v is None:
                    continue
                if isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", v):
                    ws.write(i, j, v)  # 1900-02-29: no such date; the text as the CSV has it
                elif type(v) in fmts:
                    ws.write(i, j, v, fmts[type(v)])
                elif isinstance(v, bool):
                    ws.write(i, j, "TRUE" if v else "FALSE")
                else:
                    ws.write(i, j, v)
    wb.save(path)


# --- the 1904 date system ----------------------------------------------------------------------------
T5 = "1904"
T5_ROWS = [["日期", "值"], [dt.date(1904, 1, 2), 1.5], [dt.date(2020, 1, 15), 2.5], [dt.date(1999, 12, 31), 3.5]]


def write_1904(path):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = T5
    for r in T5_ROWS:
        ws.append(r)
    for row in ws.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "yyyy-mm-dd"
    wb.save(path)


# --- damaged copies for the error tests: one part of yearbook.xlsx replaced --------------------------
SHEET_HEAD = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
DAMAGED = {
    "bad_xml.xlsx": SHEET_HEAD + '\n<row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>',
    "bad_sst.xlsx": SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
                    '<row r="2"><c r="B2" t="s"><v>999</v></c></row></sheetData></worksheet>',
}


def write_damaged(src):
    for name, xml in DAMAGED.items():
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else zin.read(item.filename)
                zout.writestr(item, data)


if __name__ == "__main__":
    write_xlsx("yearbook.xlsx")
    write_xls("yearbook.xls")
    write_csv("yearbook_1.csv", T1_ROWS, 6)
    write_csv("yearbook_2.csv", T2_ROWS, 8)
    write_csv("yearbook_3.csv", T3_ROWS, 1)
    write_csv("yearbook_4.csv", t4_rows(), len(T4_HEADER))
    write_1904("date1904.xlsx")
    write_csv("date1904.csv", T5_ROWS, 2)
    write_damaged("yearbook.xlsx")

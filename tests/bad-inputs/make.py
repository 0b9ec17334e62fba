#!/usr/bin/env python3
"""Writes the broken inputs of the bad-input catalogue into files/ (run once; the files are
committed). Every file is made up here: no third-party data, no licence needed."""
import json, os, struct, zipfile

D = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
os.makedirs(D, exist_ok=True)

def w(name, data, enc="utf-8"):
    with open(os.path.join(D, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode(enc))

prov = ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省"]
def panel(rows=None, head="地区,年份,资本,劳动,产出\n"):
    out = head
    for i, p in enumerate(prov):
        for y in (2019, 2020, 2021):
            out += "%s,%d,%g,%g,%g\n" % (p, y, 100 + 10 * i + y - 2019, 50 + i, 80 + 7 * i + 3 * (y - 2019))
    return out

good = panel()
w("good.csv", good)
w("gbk.csv", good, "gbk")
w("gbk_bad_byte.csv", good.encode("gbk").replace("河北".encode("gbk"), b"\x81\x20"))
w("utf16_odd.csv", b"\xff\xfe" + good.encode("utf-16-le") + b"\x41")
w("bom_twice.csv", "\ufeff\ufeff" + good)
w("empty.csv", "")
w("header_only.csv", "地区,年份,资本,劳动,产出\n")
w("title_only.csv", "表1 各地区资本存量\n单位：亿元\n")
w("truncated_quote.csv", good + '"辽宁省,2022,1,2,3\n')
w("ragged_row.csv", good.replace("山西省,2020,", "山西省,2020,1,", 1))
w("semicolon_commas.csv", good.replace(",", ";").replace("100", "1,5"))
w("dup_key.csv", good + "北京市,2020,1,2,3\n")
w("dup_column.csv", good.replace("劳动,产出", "劳动,资本", 1))
w("empty_header_cell.csv", good.replace("劳动,", ",", 1))
w("time_text.csv", good.replace("天津市,2020", "天津市,二〇二〇", 1))
w("time_fraction.csv", good.replace("天津市,2020", "天津市,2020.5", 1))
w("dash_missing.csv", good.replace("河北省,2020,", "河北省,2020,—,", 1).replace("河北省,2020,—,%g," % (100 + 21), "河北省,2020,—,", 1))
w("negative_input.csv", good.replace("天津市,2021,112", "天津市,2021,-112", 1))
w("constant_column.csv", "地区,年份,资本,劳动,产出,常数\n" + "".join(l + ",7\n" for l in good.splitlines()[1:]))
w("one_region.csv", "地区,年份,资本,劳动,产出\n北京市,2019,1,2,3\n北京市,2020,2,3,4\n北京市,2021,3,4,5\n")
w("two_regions.csv", "地区,年份,资本,劳动,产出\n北京市,2020,1,2,3\n天津市,2020,2,3,4\n北京市,2021,2,3,4\n天津市,2021,3,4,6\n")
w("one_year.csv", "地区,年份,资本,劳动,产出\n" + "".join(l + "\n" for l in good.splitlines()[1:] if ",2020," in l))
w("huge_value.csv", good.replace("天津市,2021,112", "天津市,2021,1e400", 1))
w("nul_byte.csv", good.encode().replace("天津市,2021,112".encode(), "天津市,2021,1\x0012".encode(), 1))
w("thousands.csv", good.replace("天津市,2021,112", '天津市,2021,"1,112"', 1))
w("percent.csv", good.replace("天津市,2021,112", "天津市,2021,11%", 1))
w("footnote.csv", good + "注：2021年为初步核算数。\n")
w("id_script.csv", good.replace("辽宁省", "<script>alert(1)</script>"))
w("id_newline.csv", good.replace("辽宁省", '"辽宁\n省"'))
w("long_name.csv", good.replace("产出", "产出" * 300, 1))
w("tab_in_csv.csv", good.replace(",", "\t", 3))
w("only_missing.csv", "地区,年份,资本,劳动,产出\n" + "".join("%s,%d,—,—,—\n" % (p, y) for p in prov for y in (2019, 2020, 2021)))
w("share_out_of_range.csv", "地区,年份,资本,劳动,产出,份额\n" + "".join(l + ",1.7\n" for l in good.splitlines()[1:]))
# structure data: region, year, industry, value
st = "地区,年份,行业,增加值\n" + "".join("%s,2020,%s,%d\n" % (p, ind, 10 + i + j) for i, p in enumerate(prov) for j, ind in enumerate(["农业", "工业", "服务业"]))
w("structure_negative.csv", st.replace("北京市,2020,工业,11", "北京市,2020,工业,-11"))
w("structure_dup.csv", st + "北京市,2020,工业,5\n")
# frameworks
fw_head = "path,id,label_zh,label_en,column,unit,direction,weight\n"
w("fw_good.csv", fw_head + "a,k,资本,Capital,资本,,+,\na,l,劳动,Labour,劳动,,+,\nb,y,产出,Output,产出,,+,\n")
w("fw_bad_direction.csv", fw_head + "a,k,资本,Capital,资本,,up,\na,l,劳动,Labour,劳动,,+,\n")
w("fw_missing_column.csv", fw_head + "a,k,资本,Capital,固定资产,,+,\na,l,劳动,Labour,劳动,,+,\n")
w("fw_dup_id.csv", fw_head + "a,k,资本,Capital,资本,,+,\na,k,劳动,Labour,劳动,,+,\n")
w("fw_no_header.csv", "a,k,资本,Capital,资本,,+,\n")
w("fw_bad_weight.csv", fw_head + "a,k,资本,Capital,资本,,+,abc\na,l,劳动,Labour,劳动,,+,0.5\n")
w("fw_bad_expr.csv", fw_head + "a,k,资本,Capital,资本/(劳动,,+,\na,l,劳动,Labour,劳动,,+,\n")
# weights (edge lists)
w("edges_unknown.csv", "from,to\n北京市,天津市\n天津市,北京市\n北京市,上海市\n")
w("edges_island.csv", "from,to\n北京市,天津市\n天津市,北京市\n河北省,山西省\n山西省,河北省\n内蒙古自治区,山西省\n山西省,内蒙古自治区\n")
w("edges_noheader.csv", "北京市,天津市\n天津市,北京市\n")
w("edges_negative.csv", "from,to,weight\n北京市,天津市,-1\n天津市,北京市,1\n")
w("edges_self.csv", "from,to\n北京市,北京市\n")
# GeoJSON
w("geo_not_json.geojson", '{"type":"FeatureCollection","features":[')
w("geo_no_features.geojson", '{"type":"FeatureCollection"}')
w("geo_point.geojson", json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "Point", "coordinates": [1, 2]}}]}))
w("geo_dup_key.geojson", json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}] * 2}))
w("geo_no_key.geojson", json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "A"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}))
w("geo_open_ring.geojson", json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "A"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0]]]}}]}))
# broken xlsx
w("not_a_zip.xlsx", b"PK\x03\x04 this is not really a zip file")
w("text_as_xlsx.xlsx", good)
with zipfile.ZipFile(os.path.join(D, "zip_no_workbook.xlsx"), "w") as z:
    z.writestr("hello.txt", "no workbook here")
w("truncated.xlsx", open(os.path.join(D, "zip_no_workbook.xlsx"), "rb").read()[:40])
# broken .dta
w("not_a_dta.dta", b"\x72\x02\x01\x00" + b"\x00" * 20)
# studies
def study(name, obj):
    w(name, obj if isinstance(obj, str) else json.dumps(obj, ensure_ascii=False, indent=1))
base = {"out": "out", "data": {"file": "good.csv", "id": "地区", "time": "年份"},
        "steps": [{"type": "disparity", "name": "gini", "var": "产出"}]}
study("study_not_json.json", '{"out": "out", "steps": [')
study("study_no_steps.json", {"out": "out", "data": base["data"]})
study("study_unknown_type.json", dict(base, steps=[{"type": "dae", "name": "x"}]))
study("study_unknown_key.json", dict(base, steps=[{"type": "disparity", "name": "g", "var": "产出", "bogus": 1}]))
study("study_missing_file.json", dict(base, data={"file": "nope.csv", "id": "地区", "time": "年份"}))
study("study_bad_column.json", dict(base, steps=[{"type": "disparity", "name": "g", "var": "产量"}]))
study("study_dup_names.json", dict(base, steps=[{"type": "disparity", "name": "g", "var": "产出"}, {"type": "disparity", "name": "g", "var": "资本"}]))
study("study_bad_id.json", dict(base, data={"file": "good.csv", "id": "省份", "time": "年份"}))
study("study_wrong_type.json", dict(base, steps=[{"type": "classify", "name": "c", "vars": ["资本", "劳动"], "k": "three"}]))
study("study_bad_let.json", dict(base, let=["y = 产出 / "]))
study("study_path_traversal.json", dict(base, steps=[{"type": "disparity", "name": "../../escape", "var": "产出"}]))
study("study_array_top.json", "[1, 2, 3]")
w("数据 (2021) 副本.csv", good)
w("yearbook_gbk.csv", "表2 各地区资本\n单位：亿元\n" + good.replace("北京市,2020,101,", "北京市,2020,…,", 1), "gbk")
w("edges_two.csv", "from,to\n北京市,天津市\n天津市,北京市\n")
w("fw_const.csv", fw_head + "a,k,资本,Capital,资本,,+,\na,c,常数,Constant,常数,,+,\n")

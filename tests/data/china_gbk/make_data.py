#!/usr/bin/python3
"""Synthetic data for the examples/china-provinces study (SYNTHETIC: not statistics of any year).

Writes, next to this script:
  provinces.csv       the template's columns filled for 31 provinces x 2012-2021, UTF-8, short
                      names (北京 ...) as the template asks; tests/cli/china_provinces_gbk.sh
                      converts it to GBK with iconv;
  provinces_full.xlsx the same data as an Excel workbook with full names (北京市, 内蒙古自治区, ...)
                      under a title row, written by openpyxl (Debian's python3-openpyxl), so that it
                      comes from an independent writer.
Run with Debian's /usr/bin/python3; the output is deterministic (random.Random with a fixed seed).
"""
import csv
import os
import random

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
SHORT = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽",
         "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南",
         "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"]
FULL = {"北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "内蒙古": "内蒙古自治区",
        "广西": "广西壮族自治区", "西藏": "西藏自治区", "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区"}
YEARS = range(2012, 2022)
with open(os.path.join(HERE, "../../../examples/china-provinces/provinces.csv"), encoding="utf-8") as f:
    HEADER = next(csv.reader(f))

rng = random.Random(20240601)


def row_values(k, size, tech, t):
    """One province-year: levels grow with time; ratios stay in their ranges."""
    g = (1.06 + 0.02 * tech) ** t
    gdp = 8000 * size * g * (1 + 0.05 * rng.random())
    emp = 2500 * size * (1.005 ** t) * (1 + 0.02 * rng.random())
    v = {
        "gdp_real": gdp / (1.02 ** t),
        "capital_stock": 2.6 * gdp * (1 + 0.1 * rng.random()),
        "employed": emp,
        "labour_share": 0.42 + 0.1 * rng.random(),
        "energy_tce": 9000 * size * (1.02 ** t) * (1.2 - 0.4 * tech) * (1 + 0.05 * rng.random()),
        "gdp": gdp,
        "edu_years": 8.5 + 2.5 * tech + 0.05 * t + 0.1 * rng.random(),
        "higher_edu_pop": 2000 * (0.5 + tech) * (1.04 ** t) * (1 + 0.1 * rng.random()),
        "sample_pop": 20000 * (1 + 0.05 * rng.random()),
        "rd_fte": 60000 * size * tech * (1.07 ** t) * (1 + 0.1 * rng.random()) + 500,
        "avg_wage": 45000 * (0.7 + 0.6 * tech) * (1.08 ** t) * (1 + 0.05 * rng.random()),
        "tertiary_employed": emp * (0.3 + 0.3 * tech + 0.01 * t) * (1 + 0.03 * rng.random()),
        "it_employed": emp * 0.01 * (0.5 + 2 * tech) * (1.08 ** t) * (1 + 0.1 * rng.random()),
        "urban_employed": emp * 0.35 * (1 + 0.05 * rng.random()),
        "broadband_ports": 1500 * size * (1.1 ** t) * (1 + 0.1 * rng.random()),
        "population": 4500 * size * (1.003 ** t) * (1 + 0.01 * rng.random()),
        "cable_km": 30000 * (0.5 + rng.random()) * (1.03 ** t),
        "area_km2": 50000 + 400000 * ((k * 7919) % 31) / 31.0,
        "mobile_per100": 80 + 40 * tech + 2 * t + 5 * rng.random(),
        "rd_exp": gdp * (0.006 + 0.03 * tech) * (1.02 ** t) * (1 + 0.1 * rng.random()),
        "invention_grants": 3000 * size * (0.2 + 2 * tech) * (1.12 ** t) * (1 + 0.2 * rng.random()),
        "tech_market": gdp * 0.01 * (0.2 + 3 * tech) * (1.1 ** t) * (1 + 0.2 * rng.random()),
        "electricity_kwh": 1500 * size * (1.04 ** t) * (1 + 0.05 * rng.random()),
        "hightech_revenue": gdp * (0.05 + 0.4 * tech) * (1 + 0.1 * rng.random()),
        "software_revenue": gdp * (0.005 + 0.2 * tech * tech) * (1.1 ** t) * (1 + 0.2 * rng.random()),
        "ecommerce_sales": gdp * (0.05 + 0.3 * tech) * (1.08 ** t) * (1 + 0.1 * rng.random()),
        "robot_density": 20 + 150 * tech + 15 * t + 10 * rng.random(),
        "forest_cover": 10 + 50 * rng.random(),
        "so2_t": 300000 * size * (1.2 - tech) * (0.9 ** t) * (1 + 0.1 * rng.random()),
        "solid_waste_use": 40 + 40 * rng.random() + t,
        "env_spend": 100 * size * (1.05 ** t) * (1 + 0.2 * rng.random()),
        "fiscal_spend": 3000 * size * (1.07 ** t) * (1 + 0.05 * rng.random()),
    }
    return v


rows = []
for k, p in enumerate(SHORT):
    size = 0.2 + 1.8 * rng.random()
    tech = rng.random()
    for t, year in enumerate(YEARS):
        v = row_values(k, size, tech, t)
        rows.append([p, year] + [float("%.6g" % v[c]) for c in HEADER[2:]])

with open(os.path.join(HERE, "provinces.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(rows)

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "分省数据"
ws.append(["分省年度数据（合成数据，仅供测试）"])  # a yearbook-style title row above the header
ws.append(HEADER)
for r in rows:
    ws.append([FULL.get(r[0], r[0] + "省")] + r[1:])
wb.save(os.path.join(HERE, "provinces_full.xlsx"))

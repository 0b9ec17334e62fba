#!/usr/bin/env python3
"""Writes cities.csv: SYNTHETIC data for Jiangsu's 13 prefecture-level cities, 2015-2022.

The numbers are made up from the formulas below (a south-to-north gradient plus steady growth and
a deterministic wiggle); they are NOT statistics of any city and must not be quoted as such. They
only exercise the study (DEA, Moran's I / LISA, maps) on real names and real outlines."""
import math

# City (short name, as a yearbook table often writes it), and a made-up 'development level' that
# falls from the south (苏南) to the north (苏北).
cities = [("南京", 1.00), ("无锡", 0.98), ("徐州", 0.55), ("常州", 0.90), ("苏州", 1.05), ("南通", 0.75),
          ("连云港", 0.45), ("淮安", 0.48), ("盐城", 0.52), ("扬州", 0.70), ("镇江", 0.80), ("泰州", 0.68),
          ("宿迁", 0.40)]
print("city,year,gdp,capital,labour,rd_intensity,digital")
for k, (c, lvl) in enumerate(cities):
    for y in range(2015, 2023):
        t = y - 2015
        w = math.sin(1.7 * k + 0.9 * t)  # deterministic wiggle in [-1, 1]
        labour = 300 + 400 * lvl + 25 * math.cos(k)               # 10k persons
        capital = (9000 * lvl + 1500) * (1.06 ** t) * (1 + 0.03 * w)  # 100m yuan
        gdp = (4000 * lvl ** 1.3 + 800) * (1.065 ** t) * (1 + 0.02 * math.cos(2.3 * k + t))
        rd = 1.2 + 2.2 * lvl + 0.06 * t + 0.1 * w                  # % of GDP
        digital = 30 + 45 * lvl + 3 * t + 2 * w                    # index 0-100
        print(f"{c},{y},{gdp:.1f},{capital:.1f},{labour:.1f},{rd:.3f},{digital:.2f}")

#!/usr/bin/env python3
"""divisions_tsv.py: writes grammar/divisions.tsv from the CSV files of
github:modood/Administrative-divisions-of-China (dist/provinces.csv,
dist/cities.csv, dist/areas.csv; WTFPL; National Bureau of Statistics
codes).  Usage: divisions_tsv.py DIST_DIR > grammar/divisions.tsv

The placeholders of the source (市辖区, 县, 省直辖县级行政区划) are not
divisions: what they hold gets the province as parent.  A county of the same name as
its city (东莞市, 中山市, 儋州市, 嘉峪关市: cities without counties) is left
out, or the name would be two divisions."""
import csv
import os
import sys

HEADER = """\
# divisions.tsv: China's administrative divisions for the jurisdiction of a
# document (parser/gazetteer.c).  Source: github:modood/Administrative-
# divisions-of-China, commit 57a0aa9 (dist/provinces.csv, cities.csv,
# areas.csv: the National Bureau of Statistics' 统计用区划代码, 2023-06-30),
# licence WTFPL (LICENSE of that repository); written by
# tools/divisions_tsv.py (which adds the lines after "# ---- by hand").
#
# code<TAB>name<TAB>parent code: provinces (2 digits), prefecture-level
# (4), county-level (6: counties, districts, county-level cities, 旗).
# code<TAB>name<TAB>=  another name of the division with that code.
# -<TAB>word...  words a name must not cut: a name whose last character
# begins one of them at the start of a title is not taken (X市场).
"""
PLACEHOLDER = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def rows(path):
    with open(path, encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        yield from r


def main():
    d = sys.argv[1]
    out = [HEADER.rstrip("\n")]
    for code, name in rows(os.path.join(d, "provinces.csv")):
        out.append(f"{code}\t{name}\t")
    real = set()
    for code, name, prov in rows(os.path.join(d, "cities.csv")):
        if name in PLACEHOLDER:
            continue
        real.add(code)
        out.append(f"{code}\t{name}\t{prov}")
    names = {code: name for code, name, _ in rows(os.path.join(d, "cities.csv"))}
    for code, name, city, prov in rows(os.path.join(d, "areas.csv")):
        if names.get(city) == name:
            continue  # 东莞市 in 东莞市: a city without counties, not two
        out.append(f"{code}\t{name}\t{city if city in real else prov}")
    print("\n".join(out))
    print("# ---- by hand: the special economic zones, and words not cut")
    for code, name in (("4403", "深圳经济特区"), ("4404", "珠海经济特区"),
                       ("4405", "汕头经济特区"), ("3502", "厦门经济特区"),
                       ("46", "海南经济特区")):
        print(f"{code}\t{name}\t=")
    print("-\t市场\t区域\t区划")


main()

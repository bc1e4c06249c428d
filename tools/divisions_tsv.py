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
# tools/divisions_tsv.py, which adds the special economic zones and the
# words not cut.
#
# -<TAB>word...  (one line, before the divisions) words a name must not
#   cut: a name whose last character begins one of them is not taken
#   (X市场).
# code<TAB>name<TAB>parent code: provinces (2 digits), prefecture-level
#   (4), county-level (6: counties, districts, county-level cities, 旗),
#   sorted by code as text; a child's code begins with its parent's (the
#   gazetteer finds codes and children by binary search).
# =<TAB>name<TAB>code  (after the divisions) every name, and the other
#   names of the special economic zones, sorted by name (UTF-8 bytes): the
#   gazetteer finds a name by binary search.
"""
PLACEHOLDER = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def rows(path):
    with open(path, encoding="utf-8") as f:
        r = csv.reader(f)
        next(r)
        yield from r


def main():
    d = sys.argv[1]
    div = []
    for code, name in rows(os.path.join(d, "provinces.csv")):
        div.append((code, name, ""))
    real = set()
    names = {}
    for code, name, prov in rows(os.path.join(d, "cities.csv")):
        names[code] = name
        if name in PLACEHOLDER:
            continue
        real.add(code)
        div.append((code, name, prov))
    for code, name, city, prov in rows(os.path.join(d, "areas.csv")):
        if names.get(city) == name:
            continue  # 东莞市 in 东莞市: a city without counties, not two
        div.append((code, name, city if city in real else prov))
    div.sort()
    for code, name, parent in div:
        assert code.startswith(parent), (code, parent)
    print(HEADER, end="")
    print("-\t市场\t区域\t区划")
    for code, name, parent in div:
        print(f"{code}\t{name}\t{parent}")
    index = [(name.encode(), name, code) for code, name, _ in div]
    for name, code in (("深圳经济特区", "4403"), ("珠海经济特区", "4404"),
                       ("汕头经济特区", "4405"), ("厦门经济特区", "3502"),
                       ("海南经济特区", "46")):
        index.append((name.encode(), name, code))
    for _, name, code in sorted(index):
        print(f"=\t{name}\t{code}")


main()

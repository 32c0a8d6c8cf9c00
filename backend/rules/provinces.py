# SPDX-License-Identifier: Apache-2.0
"""Provincial-level divisions (GB/T 2260): the first two digits of a region code.

The 2010 pension measures define 户籍所在地 at this level (article 5(1):
"指省、自治区、直辖市，下同"), and their article 5 governs moves across
provinces (跨省流动就业); docs/domain.md.
"""

from __future__ import annotations

PROVINCES = {
    "11": "北京市",
    "12": "天津市",
    "13": "河北省",
    "14": "山西省",
    "15": "内蒙古自治区",
    "21": "辽宁省",
    "22": "吉林省",
    "23": "黑龙江省",
    "31": "上海市",
    "32": "江苏省",
    "33": "浙江省",
    "34": "安徽省",
    "35": "福建省",
    "36": "江西省",
    "37": "山东省",
    "41": "河南省",
    "42": "湖北省",
    "43": "湖南省",
    "44": "广东省",
    "45": "广西壮族自治区",
    "46": "海南省",
    "50": "重庆市",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "54": "西藏自治区",
    "61": "陕西省",
    "62": "甘肃省",
    "63": "青海省",
    "64": "宁夏回族自治区",
    "65": "新疆维吾尔自治区",
    "71": "台湾省",
    "81": "香港特别行政区",
    "82": "澳门特别行政区",
}


def province_of(region: str) -> str:
    """The province of a 6-digit region code: its first two digits."""
    return region[:2]


def same_province(one: str, other: str) -> bool:
    """Whether two region codes lie in the same province."""
    return province_of(one) == province_of(other)


def province_name(region: str) -> str:
    """The province's name for a region (or province) code, else the bare code."""
    code = province_of(region)
    return PROVINCES.get(code, code)

# SPDX-License-Identifier: Apache-2.0
"""民族 (ethnic group) codes of GB/T 3304: the 56 groups (01-56) and the
standard's extra codes 97 (other) and 98 (Chinese citizen of foreign origin).

The two-digit code is what the card stores (EF06, card profile Part A) and
what the backend registers; the name is only shown, translated (English
source, zh_CN in the station's Qt Linguist file).
"""

from __future__ import annotations

from staff.translations import QT_TRANSLATE_NOOP, shown

GB3304: dict[str, str] = {
    "01": QT_TRANSLATE_NOOP("Ethnic", "Han"),
    "02": QT_TRANSLATE_NOOP("Ethnic", "Mongol"),
    "03": QT_TRANSLATE_NOOP("Ethnic", "Hui"),
    "04": QT_TRANSLATE_NOOP("Ethnic", "Tibetan"),
    "05": QT_TRANSLATE_NOOP("Ethnic", "Uyghur"),
    "06": QT_TRANSLATE_NOOP("Ethnic", "Miao"),
    "07": QT_TRANSLATE_NOOP("Ethnic", "Yi"),
    "08": QT_TRANSLATE_NOOP("Ethnic", "Zhuang"),
    "09": QT_TRANSLATE_NOOP("Ethnic", "Bouyei"),
    "10": QT_TRANSLATE_NOOP("Ethnic", "Korean"),
    "11": QT_TRANSLATE_NOOP("Ethnic", "Manchu"),
    "12": QT_TRANSLATE_NOOP("Ethnic", "Dong"),
    "13": QT_TRANSLATE_NOOP("Ethnic", "Yao"),
    "14": QT_TRANSLATE_NOOP("Ethnic", "Bai"),
    "15": QT_TRANSLATE_NOOP("Ethnic", "Tujia"),
    "16": QT_TRANSLATE_NOOP("Ethnic", "Hani"),
    "17": QT_TRANSLATE_NOOP("Ethnic", "Kazakh"),
    "18": QT_TRANSLATE_NOOP("Ethnic", "Dai"),
    "19": QT_TRANSLATE_NOOP("Ethnic", "Li"),
    "20": QT_TRANSLATE_NOOP("Ethnic", "Lisu"),
    "21": QT_TRANSLATE_NOOP("Ethnic", "Va"),
    "22": QT_TRANSLATE_NOOP("Ethnic", "She"),
    "23": QT_TRANSLATE_NOOP("Ethnic", "Gaoshan"),
    "24": QT_TRANSLATE_NOOP("Ethnic", "Lahu"),
    "25": QT_TRANSLATE_NOOP("Ethnic", "Shui"),
    "26": QT_TRANSLATE_NOOP("Ethnic", "Dongxiang"),
    "27": QT_TRANSLATE_NOOP("Ethnic", "Naxi"),
    "28": QT_TRANSLATE_NOOP("Ethnic", "Jingpo"),
    "29": QT_TRANSLATE_NOOP("Ethnic", "Kyrgyz"),
    "30": QT_TRANSLATE_NOOP("Ethnic", "Tu"),
    "31": QT_TRANSLATE_NOOP("Ethnic", "Daur"),
    "32": QT_TRANSLATE_NOOP("Ethnic", "Mulao"),
    "33": QT_TRANSLATE_NOOP("Ethnic", "Qiang"),
    "34": QT_TRANSLATE_NOOP("Ethnic", "Blang"),
    "35": QT_TRANSLATE_NOOP("Ethnic", "Salar"),
    "36": QT_TRANSLATE_NOOP("Ethnic", "Maonan"),
    "37": QT_TRANSLATE_NOOP("Ethnic", "Gelao"),
    "38": QT_TRANSLATE_NOOP("Ethnic", "Xibe"),
    "39": QT_TRANSLATE_NOOP("Ethnic", "Achang"),
    "40": QT_TRANSLATE_NOOP("Ethnic", "Pumi"),
    "41": QT_TRANSLATE_NOOP("Ethnic", "Tajik"),
    "42": QT_TRANSLATE_NOOP("Ethnic", "Nu"),
    "43": QT_TRANSLATE_NOOP("Ethnic", "Uzbek"),
    "44": QT_TRANSLATE_NOOP("Ethnic", "Russian"),
    "45": QT_TRANSLATE_NOOP("Ethnic", "Evenki"),
    "46": QT_TRANSLATE_NOOP("Ethnic", "De'ang"),
    "47": QT_TRANSLATE_NOOP("Ethnic", "Bonan"),
    "48": QT_TRANSLATE_NOOP("Ethnic", "Yugur"),
    "49": QT_TRANSLATE_NOOP("Ethnic", "Gin"),
    "50": QT_TRANSLATE_NOOP("Ethnic", "Tatar"),
    "51": QT_TRANSLATE_NOOP("Ethnic", "Derung"),
    "52": QT_TRANSLATE_NOOP("Ethnic", "Oroqen"),
    "53": QT_TRANSLATE_NOOP("Ethnic", "Hezhen"),
    "54": QT_TRANSLATE_NOOP("Ethnic", "Monba"),
    "55": QT_TRANSLATE_NOOP("Ethnic", "Lhoba"),
    "56": QT_TRANSLATE_NOOP("Ethnic", "Jino"),
    "97": QT_TRANSLATE_NOOP("Ethnic", "Other"),
    "98": QT_TRANSLATE_NOOP("Ethnic", "Chinese citizen of foreign origin"),
}
DEFAULT = "01"


def ethnic_name(code: str) -> str:
    """The group of ``code`` in the station's language (the code if unknown)."""
    return shown("Ethnic", GB3304, code)

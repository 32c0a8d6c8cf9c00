# SPDX-License-Identifier: Apache-2.0
"""Demo residents whose histories exercise every rule branch (DOMAIN.md).

Fixed data, so the committed demo card images always match the seed. Ages are
as of 2026. PINs are DEMO ONLY; card/virtual/demo/cards/README.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from card.profile import INITIAL_PIN


@dataclass(frozen=True, kw_only=True)
class Job:
    """A period of insured employment: region, employer, months, starting wage."""

    region: str
    employer: str
    start: str  # "YYYY-MM"
    end: str | None  # None: until last month
    wage: int  # monthly contribution base in yuan at the start
    growth: float = 0.06  # yearly wage growth


@dataclass(frozen=True, kw_only=True)
class Resident:
    """One demo resident, their card and what the demo shows with them."""

    card_number: str
    first17: str  # SSN without check character: region, birth date, sequence
    name: str
    gender: str
    birth: date
    hukou: str
    mobile: str
    pin: str
    jobs: tuple[Job, ...]
    shows: str
    card: str = "active"  # active | blocked_pin | expired | temporarily_lost | initial
    benefit: tuple[str, int, int] | None = None  # separation date, entitled, received
    request: str | None = None  # a request already in progress: "pension:440300"
    extra: dict[str, str] = field(default_factory=dict)


J = Job
SZ, SH, BJ, GZ, CD, WH, CS = (
    "440300",
    "310000",
    "110000",
    "440100",
    "510100",
    "420100",
    "430100",
)

RESIDENTS: tuple[Resident, ...] = (
    Resident(
        card_number="D00000011",
        first17="43010219740315031",
        name="张伟",
        gender="1",
        birth=date(1974, 3, 15),
        hukou=CS,
        mobile="13800000001",
        pin="246810",
        jobs=(
            J(
                region=SZ,
                employer="深圳华强电子有限公司",
                start="2003-07",
                end=None,
                wage=4200,
            ),
        ),
        shows="52-year-old man moving provinces (to Shanghai): relationship "
        "stays in Shenzhen, temporary account",
    ),
    Resident(
        card_number="D00000022",
        first17="51010419850610042",
        name="李娜",
        gender="2",
        birth=date(1985, 6, 10),
        hukou=CD,
        mobile="13800000002",
        pin="135790",
        jobs=(
            J(
                region=GZ,
                employer="广州白云物流有限公司",
                start="2010-03",
                end=None,
                wage=3800,
            ),
        ),
        shows="41-year-old woman moving to Beijing: temporary account",
    ),
    Resident(
        card_number="D00000033",
        first17="42010219910902022",
        name="王芳",
        gender="2",
        birth=date(1991, 9, 2),
        hukou=WH,
        mobile="13800000003",
        pin="246810",
        jobs=(
            J(
                region=SZ,
                employer="深圳南山科技有限公司",
                start="2013-08",
                end=None,
                wage=6000,
            ),
        ),
        shows="10-year rule case 1: moving home to Wuhan (hukou)",
    ),
    Resident(
        card_number="D00000044",
        first17="51010719880120011",
        name="刘洋",
        gender="1",
        birth=date(1988, 1, 20),
        hukou=CD,
        mobile="13800000004",
        pin="246810",
        jobs=(
            J(
                region=SH,
                employer="上海浦东软件有限公司",
                start="2008-07",
                end="2013-06",
                wage=5000,
            ),
            J(
                region=BJ,
                employer="北京海淀网络科技有限公司",
                start="2013-07",
                end=None,
                wage=8000,
            ),
        ),
        shows="10-year rule case 2: Shanghai account to Beijing, 13 years there",
    ),
    Resident(
        card_number="D00000055",
        first17="43010319930405026",
        name="陈静",
        gender="2",
        birth=date(1993, 4, 5),
        hukou=CS,
        mobile="13800000005",
        pin="246810",
        jobs=(
            J(
                region=GZ,
                employer="广州天河商贸有限公司",
                start="2009-01",
                end="2019-12",
                wage=3000,
            ),
            J(
                region=SH,
                employer="上海静安咨询有限公司",
                start="2020-01",
                end=None,
                wage=9000,
            ),
        ),
        shows="10-year rule case 3: Guangzhou (11 years) to Shanghai (<10)",
    ),
    Resident(
        card_number="D00000066",
        first17="42011119960718033",
        name="杨帆",
        gender="1",
        birth=date(1996, 7, 18),
        hukou=WH,
        mobile="13800000006",
        pin="246810",
        jobs=(
            J(
                region=SZ,
                employer="深圳宝安制造有限公司",
                start="2016-07",
                end="2021-06",
                wage=4500,
            ),
            J(
                region=BJ,
                employer="北京朝阳传媒有限公司",
                start="2021-07",
                end=None,
                wage=9500,
            ),
        ),
        shows="10-year rule case 4: no region with 10 years, hukou Wuhan",
    ),
    Resident(
        card_number="D00000077",
        first17="11010520010912015",
        name="赵磊",
        gender="1",
        birth=date(2001, 9, 12),
        hukou=BJ,
        mobile="13800000007",
        pin="246810",
        jobs=(
            J(
                region=BJ,
                employer="北京东城餐饮有限公司",
                start="2026-03",
                end=None,
                wage=5200,
            ),
        ),
        shows="unemployment claim refused: under one year of contributions",
    ),
    Resident(
        card_number="D00000088",
        first17="31011019810203024",
        name="孙丽",
        gender="2",
        birth=date(1981, 2, 3),
        hukou=SH,
        mobile="13800000008",
        pin="246810",
        jobs=(
            J(
                region=SH,
                employer="上海闵行纺织厂",
                start="2004-03",
                end="2019-05",
                wage=2600,
            ),
            J(
                region=SH,
                employer="上海徐汇物业管理有限公司",
                start="2020-02",
                end=None,
                wage=5200,
            ),
        ),
        benefit=("2019-05-31", 24, 9),
        shows="unemployment with carry-over: 15 unused months + 18 -> cap 24",
    ),
    Resident(
        card_number="D00000099",
        first17="65010219870808017",
        name="阿不都热合曼·买买提艾力江木尔",
        gender="1",
        birth=date(1987, 8, 8),
        hukou="650100",
        mobile="13800000009",
        pin="246810",
        jobs=(
            J(
                region=GZ,
                employer="广州越秀贸易有限公司",
                start="2012-05",
                end=None,
                wage=4800,
            ),
        ),
        shows="15-character Chinese name",
    ),
    Resident(
        card_number="D00000101",
        first17="44030419790411035",
        name="周杰",
        gender="1",
        birth=date(1979, 4, 11),
        hukou=SZ,
        mobile="13800000010",
        pin="246810",
        card="blocked_pin",
        jobs=(
            J(
                region=SZ,
                employer="深圳福田金融服务有限公司",
                start="2001-09",
                end=None,
                wage=5500,
            ),
        ),
        shows="PIN blocked: unblock at the staff counter",
    ),
    Resident(
        card_number="D00000112",
        first17="44010619700101028",
        name="吴敏",
        gender="2",
        birth=date(1970, 1, 1),
        hukou=GZ,
        mobile="13800000011",
        pin="246810",
        card="expired",
        jobs=(
            J(
                region=GZ,
                employer="广州海珠纺织有限公司",
                start="1996-01",
                end="2020-01",
                wage=1800,
            ),
        ),
        shows="expired card (2014-2024): refused at insertion",
    ),
    Resident(
        card_number="D00000123",
        first17="51010819990505019",
        name="郑强",
        gender="1",
        birth=date(1999, 5, 5),
        hukou=CD,
        mobile="13800000012",
        pin=INITIAL_PIN,
        card="initial",
        jobs=(
            J(
                region=CD,
                employer="成都高新软件有限公司",
                start="2021-07",
                end=None,
                wage=6500,
            ),
        ),
        shows="initial PIN 123456: must change it first",
    ),
    Resident(
        card_number="D00000134",
        first17="42010619820314046",
        name="马丽",
        gender="2",
        birth=date(1982, 3, 14),
        hukou=WH,
        mobile="13800000013",
        pin="246810",
        jobs=(
            J(
                region=WH,
                employer="武汉光谷电子有限公司",
                start="2005-07",
                end="2022-12",
                wage=3000,
            ),
            J(
                region=CS,
                employer="长沙岳麓医疗器械有限公司",
                start="2023-01",
                end=None,
                wage=6200,
            ),
        ),
        shows="medical transfer Wuhan -> Changsha; pension case 3",
    ),
    Resident(
        card_number="D00000145",
        first17="11010219900620037",
        name="黄磊",
        gender="1",
        birth=date(1990, 6, 20),
        hukou=BJ,
        mobile="13800000014",
        pin="246810",
        jobs=(
            J(
                region=BJ,
                employer="北京西城建筑有限公司",
                start="2012-07",
                end="2023-03",
                wage=6000,
            ),
        ),
        shows="unemployment eligible: 10+ years -> 24 months (Beijing rate)",
    ),
    Resident(
        card_number="D00000156",
        first17="44030519941130024",
        name="林芳",
        gender="2",
        birth=date(1994, 11, 30),
        hukou=SZ,
        mobile="13800000015",
        pin="246810",
        jobs=(
            J(
                region=SZ,
                employer="深圳龙岗玩具厂",
                start="2020-01",
                end="2023-02",
                wage=3500,
            ),
        ),
        shows="unemployment eligible: 3 years -> 12 months",
    ),
    Resident(
        card_number="D00000167",
        first17="31010419860222015",
        name="何勇",
        gender="1",
        birth=date(1986, 2, 22),
        hukou=SH,
        mobile="13800000016",
        pin="246810",
        jobs=(
            J(
                region=SH,
                employer="上海长宁广告有限公司",
                start="2015-03",
                end="2022-08",
                wage=7000,
            ),
        ),
        shows="unemployment eligible: 7 years -> 18 months",
    ),
    Resident(
        card_number="D00000178",
        first17="43010519920708024",
        name="高洁",
        gender="2",
        birth=date(1992, 7, 8),
        hukou=CS,
        mobile="13800000017",
        pin="246810",
        card="temporarily_lost",
        jobs=(
            J(
                region=CS,
                employer="长沙开福食品有限公司",
                start="2014-07",
                end=None,
                wage=4000,
            ),
        ),
        shows="card temporarily lost: cancel the report with card and PIN",
    ),
    Resident(
        card_number="D00000189",
        first17="44010319770915031",
        name="罗刚",
        gender="1",
        birth=date(1977, 9, 15),
        hukou=GZ,
        mobile="13800000018",
        pin="246810",
        request="pension:" + SZ,
        jobs=(
            J(
                region=GZ,
                employer="广州黄埔造船厂",
                start="1997-07",
                end="2014-12",
                wage=1500,
            ),
            J(
                region=SZ,
                employer="深圳盐田港务有限公司",
                start="2015-01",
                end=None,
                wage=7800,
            ),
        ),
        shows="a pension transfer Guangzhou -> Shenzhen already under way",
    ),
    Resident(
        card_number="D00000190",
        first17="51010519950228046",
        name="梁静",
        gender="2",
        birth=date(1995, 2, 28),
        hukou=CD,
        mobile="13800000019",
        pin="246810",
        jobs=(
            J(
                region=CD,
                employer="成都锦江酒店管理有限公司",
                start="2017-07",
                end=None,
                wage=4600,
            ),
        ),
        shows="ordinary account overview; transfer to Chongqing-less regions",
    ),
    Resident(
        card_number="D00000202",
        first17="42010219680817015",
        name="宋建国",
        gender="1",
        birth=date(1968, 8, 17),
        hukou=WH,
        mobile="13800000020",
        pin="246810",
        jobs=(
            J(
                region=WH,
                employer="武汉钢铁集团",
                start="1988-09",
                end="2009-12",
                wage=800,
            ),
            J(
                region=GZ,
                employer="广州番禺机械有限公司",
                start="2010-01",
                end=None,
                wage=4500,
            ),
        ),
        shows="58-year-old man back to Wuhan (hukou): rule 1, no temporary "
        "account; contributions since 1988 (pooled fund from 1998)",
    ),
    Resident(
        card_number="D00000213",
        first17="44030719891203022",
        name="谢娟",
        gender="2",
        birth=date(1989, 12, 3),
        hukou=SZ,
        mobile="13800000021",
        pin="864200",
        jobs=(
            J(
                region=SZ,
                employer="深圳罗湖百货有限公司",
                start="2011-03",
                end=None,
                wage=5000,
            ),
        ),
        shows="another PIN (864200); medical transfer Shenzhen -> Guangzhou",
    ),
    Resident(
        card_number="D00000224",
        first17="51010719760520013",
        name="邓建华",
        gender="1",
        birth=date(1976, 5, 20),
        hukou=CD,
        mobile="13800000022",
        pin="246810",
        jobs=(
            J(
                region=SZ,
                employer="深圳坪山新能源汽车有限公司",
                start="2006-03",
                end=None,
                wage=5200,
            ),
        ),
        shows="50-year-old man, hukou Sichuan, moving inside Guangdong "
        "(Shenzhen -> Guangzhou): 省内, no temporary account, everything moves; "
        "to Shanghai: 跨省, temporary account",
    ),
    Resident(
        card_number="D00000235",
        first17="44010419741008015",
        name="彭志强",
        gender="1",
        birth=date(1974, 10, 8),
        hukou=GZ,
        mobile="13800000023",
        pin="246810",
        jobs=(
            J(
                region=CS,
                employer="长沙雨花机械制造有限公司",
                start="2009-07",
                end="2017-03",
                wage=3500,
            ),
            J(
                region=SH,
                employer="上海嘉定汽车零部件有限公司",
                start="2017-04",
                end=None,
                wage=7200,
            ),
        ),
        shows="52-year-old man, hukou Guangzhou, moving from Shanghai to "
        "Shenzhen: 跨省 back into his hukou province (another city), no "
        "temporary account; 10-year rule case 1, paid in Shenzhen",
    ),
    Resident(
        card_number="D00000246",
        first17="43010419730125011",
        name="韩东",
        gender="1",
        birth=date(1973, 1, 25),
        hukou=CS,
        mobile="13800000024",
        pin="246810",
        jobs=(
            J(
                region=BJ,
                employer="北京中关村电力设计院有限公司",
                start="2003-09",
                end=None,
                wage=7000,
            ),
        ),
        shows="53-year-old man transferred Beijing -> Shanghai by the "
        "organisation department: says so at the kiosk; temporary account "
        "until staff confirm, then everything moves",
    ),
)

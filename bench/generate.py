# SPDX-License-Identifier: Apache-2.0
"""Deterministic generator of realistic residents, written as import files.

    python -m bench.generate --persons N --years Y --out DIR [--seed S]
        [--until YYYY-MM] [--insurances pension,medical,...] [--next-month]
        [--part-size P]

The same arguments always give the same files. Each resident gets a valid SSN
(birthplace in the hukou province, birth date, sequence of the right parity,
GB 11643 check character), a name, a mobile number and a working life inside
the ``Y`` years up to ``--until`` (default: two months before this one): jobs
of one to eight years with employers of the region, wage growth within a job
and a step at each change, gaps between jobs, and moves within the province
or to another one. Contributions follow the configured rates of each region
(``backend/default.toml``) as the demo histories do (``backend.demo_history``);
memberships are active in the region of an ongoing job and suspended
elsewhere; pension and medical balances are the sums of the account credits.
``--next-month`` also writes ``next/contributions-YYYY-MM.csv`` and
``next/balances-YYYY-MM.csv`` for the month after ``--until``: the
incremental file a month later brings. The files and their columns are those
of docs/import.md.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from backend.demo_history import MEDICAL_EMPLOYER_TO_ACCOUNT, pension_credit_percent
from backend.importing.files import SCHEMAS
from backend.money import percent_of, to_str
from backend.settings import INSURANCES, Region, Settings, load_settings
from card.ssn import complete

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
    "彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金"
    "石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建"
    "国红宇浩凯峰鑫博文斌雪琳晨欣怡佳颖子涵梓轩一诺思雨嘉"
)
MINORITY = ("阿不都热合曼", "买买提", "古丽米热", "艾力", "热依拉", "努尔", "迪丽娜尔")
FIRMS = (
    "华强 南山 浦东 海淀 天河 静安 宝安 朝阳 闵行 徐汇 越秀 福田 "
    "海珠 高新 光谷 岳麓 西城 龙岗 长宁 开福 黄埔 盐田 锦江 罗湖 "
    "番禺 江汉 武昌 雨花 青羊 "
).split()
TRADES = (
    "电子有限公司",
    "物流有限公司",
    "科技有限公司",
    "软件有限公司",
    "商贸有限公司",
    "建筑工程有限公司",
    "食品有限公司",
    "医疗器械有限公司",
    "纺织厂",
    "机械制造有限公司",
    "酒店管理有限公司",
    "物业管理有限公司",
)
COLUMNS = {schema.kind: schema.header for schema in SCHEMAS}


@dataclass(frozen=True, kw_only=True)
class Job:
    """One span of insured work."""

    region: Region
    employer: str
    start: int  # month index (year * 12 + month - 1)
    end: int  # inclusive
    wage: int  # base in yuan in the first month
    growth: float


def month_text(index: int) -> str:
    """``YYYY-MM`` of a month index."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_index(text: str) -> int:
    """The month index of ``YYYY-MM``."""
    return int(text[:4]) * 12 + int(text[5:7]) - 1


class Residents:
    """The seeded world: regions, their employers, and residents drawn one by one."""

    def __init__(
        self, settings: Settings, *, seed: int, until: int, years: int
    ) -> None:
        self.rnd = random.Random(seed)
        self.regions = settings.regions
        self.until = until
        self.first = until - years * 12 + 1
        self.employers = {
            r.code: [f"{r.name[:-1]}{firm}{trade}" for firm, trade in self._firms()]
            for r in self.regions
        }
        self.ssns: set[str] = set()

    def _firms(self) -> list[tuple[str, str]]:
        return [(self.rnd.choice(FIRMS), self.rnd.choice(TRADES)) for _ in range(40)]

    def person(self) -> tuple[dict[str, str], list[Job]]:
        """One resident's persons.csv fields and jobs."""
        rnd = self.rnd
        hukou = rnd.choice(self.regions)
        born = date(
            rnd.randrange(1962, 2004), rnd.randrange(1, 13), rnd.randrange(1, 29)
        )
        gender = rnd.choice("12")
        ssn = self._ssn(hukou.code, born, gender)
        fields = {
            "ssn": ssn,
            "name": self._name(),
            "gender": gender,
            "birth_date": born.isoformat(),
            "hukou_region": hukou.code,
            "mobile": f"1{rnd.choice('3456789')}{rnd.randrange(10**9):09d}",
            "ethnic_group": "01",
        }
        working_from = month_index(f"{born.year + rnd.randrange(18, 24)}-01")
        return fields, self._jobs(hukou, max(working_from, self.first))

    def _ssn(self, hukou: str, born: date, gender: str) -> str:
        while True:
            place = f"{hukou[:4]}{self.rnd.randrange(1, 20):02d}"
            seq = self.rnd.randrange(0, 100) * 10 + self.rnd.choice(
                (1, 3, 5, 7, 9) if gender == "1" else (0, 2, 4, 6, 8)
            )
            ssn = complete(f"{place}{born:%Y%m%d}{seq:03d}")
            if ssn not in self.ssns:
                self.ssns.add(ssn)
                return ssn

    def _name(self) -> str:
        rnd = self.rnd
        if rnd.random() < 0.01:
            return f"{rnd.choice(MINORITY)}·{rnd.choice(MINORITY)}"
        given = "".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2, 2))))
        return rnd.choice(SURNAMES) + given

    def _jobs(self, hukou: Region, start: int) -> list[Job]:
        rnd = self.rnd
        region = hukou if rnd.random() < 0.5 else rnd.choice(self.regions)
        wage = rnd.randrange(2500, 9000)
        jobs: list[Job] = []
        while start <= self.until:
            end = min(start + rnd.randrange(12, 97) - 1, self.until)
            jobs.append(
                Job(
                    region=region,
                    employer=rnd.choice(self.employers[region.code]),
                    start=start,
                    end=end,
                    wage=wage,
                    growth=rnd.uniform(0.02, 0.08),
                )
            )
            years = (end - start) / 12
            wage = round(wage * (1 + jobs[-1].growth) ** years * rnd.uniform(1.0, 1.25))
            start = end + 1 + (rnd.randrange(1, 13) if rnd.random() < 0.3 else 0)
            region = self._move(region)
        if jobs and jobs[-1].end == self.until and rnd.random() < 0.9:
            jobs[-1] = dataclasses.replace(jobs[-1], end=self.until + 1)  # ongoing
        return jobs

    def _move(self, region: Region) -> Region:
        """Mostly stay; else another region of the province or of the country."""
        roll = self.rnd.random()
        same = [
            r for r in self.regions if r.province == region.province and r != region
        ]
        if roll < 0.6:
            return region
        if roll < 0.8 and same:
            return self.rnd.choice(same)
        return self.rnd.choice(self.regions)


def contribution_rows(
    ssn: str, job: Job, insurances: tuple[str, ...], months: range
) -> Iterator[tuple[str, ...]]:
    """contributions.csv rows of ``job`` in ``months``."""
    for index in months:
        base = round(job.wage * (1 + job.growth) ** ((index - job.start) // 12)) * 100
        month = month_text(index)
        for insurance in insurances:
            employee, employer, credit = amounts(job.region, insurance, base, month)
            yield (
                ssn,
                insurance,
                month,
                job.region.code,
                job.employer,
                to_str(base),
                to_str(employee),
                to_str(employer),
                to_str(credit),
            )


def amounts(
    region: Region, insurance: str, base: int, month: str
) -> tuple[int, int, int]:
    """Employee share, employer share and account credit, as the demo computes them."""
    employee = percent_of(base, region.rates.get(f"{insurance}_employee", Decimal(0)))
    employer = percent_of(base, region.rates.get(f"{insurance}_employer", Decimal(0)))
    credit = 0
    if insurance == "pension":
        credit = percent_of(base, pension_credit_percent(month))
    elif insurance == "medical":
        credit = employee + percent_of(employer, MEDICAL_EMPLOYER_TO_ACCOUNT)
    return employee, employer, credit


class Writers:
    """One CSV writer per import file of a folder."""

    def __init__(self, folder: Path, names: dict[str, str]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._files = {
            k: (folder / n).open("w", encoding="utf-8", newline="")
            for k, n in names.items()
        }
        self.rows = {
            k: csv.writer(f, lineterminator="\n") for k, f in self._files.items()
        }
        self.counts = dict.fromkeys(names, 0)
        for kind, writer in self.rows.items():
            writer.writerow(COLUMNS[kind])

    def write(self, kind: str, rows: Any) -> None:
        """Write ``rows`` (an iterable of tuples) to the ``kind`` file."""
        before = self.counts[kind]
        for row in rows:
            self.rows[kind].writerow(row)
            before += 1
        self.counts[kind] = before

    def close(self) -> None:
        for f in self._files.values():
            f.close()


def generate(
    settings: Settings,
    out: Path,
    *,
    persons: int,
    years: int,
    seed: int,
    until: str,
    insurances: tuple[str, ...],
    next_month: bool,
    part_size: int = 0,
) -> dict[str, int]:
    """Write the import files into ``out``; rows written per file.

    With ``part_size`` the residents are written in parts of that many, each
    a complete set of files in ``out/part-NNNN`` (a part imports on its own:
    its persons with all their rows), the same rows in the same order as
    without it."""
    world = Residents(settings, seed=seed, until=month_index(until), years=years)
    nxt = world.until + 1
    later = (
        Writers(
            out / "next",
            {
                "contributions": f"contributions-{month_text(nxt)}.csv",
                "balances": f"balances-{month_text(nxt)}.csv",
            },
        )
        if next_month
        else None
    )
    counts = dict.fromkeys(COLUMNS, 0)
    size = part_size or max(persons, 1)
    for first in range(0, max(persons, 1), size):
        folder = out / f"part-{first // size + 1:04d}" if part_size else out
        main = Writers(folder, {k: f"{k}.csv" for k in COLUMNS})
        for _ in range(min(size, persons - first)):
            fields, jobs = world.person()
            main.write("persons", [tuple(fields[c] for c in COLUMNS["persons"])])
            write_person(main, later, fields["ssn"], jobs, insurances, world.until)
        main.close()
        counts = {k: n + main.counts[k] for k, n in counts.items()}
    if later is not None:
        later.close()
        counts.update({f"next/{k}": n for k, n in later.counts.items()})
    return counts


def write_person(
    main: Writers,
    later: Writers | None,
    ssn: str,
    jobs: list[Job],
    insurances: tuple[str, ...],
    until: int,
) -> None:
    """A resident's employments, contributions, memberships and balances."""
    credits: dict[tuple[str, str], int] = {}
    for job in jobs:
        end = min(job.end, until)
        ongoing = job.end > until
        main.write(
            "employments",
            [
                (
                    ssn,
                    job.region.code,
                    job.employer,
                    month_text(job.start),
                    "" if ongoing else month_text(end),
                )
            ],
        )
        for row in contribution_rows(ssn, job, insurances, range(job.start, end + 1)):
            key = (row[1], row[3])
            credits[key] = credits.get(key, 0) + int(row[8].replace(".", ""))
            main.write("contributions", [row])
    current = jobs[-1].region.code if jobs and jobs[-1].end > until else ""
    main.write(
        "memberships",
        [
            (ssn, i, r, "active" if r == current else "suspended", "0")
            for i, r in sorted(credits)
        ],
    )
    main.write("balances", balance_rows(ssn, credits, month_text(until)))
    if later is not None and current:
        job = jobs[-1]
        rows = list(
            contribution_rows(ssn, job, insurances, range(until + 1, until + 2))
        )
        later.write("contributions", rows)
        for row in rows:
            key = (row[1], row[3])
            credits[key] = credits.get(key, 0) + int(row[8].replace(".", ""))
        later.write(
            "balances",
            balance_rows(
                ssn,
                {k: n for k, n in credits.items() if k[1] == current},
                month_text(until + 1),
            ),
        )


def balance_rows(
    ssn: str, credits: dict[tuple[str, str], int], as_of: str
) -> list[tuple[str, ...]]:
    """balances.csv rows: the individual accounts (pension, medical)."""
    return [
        (ssn, insurance, region, to_str(total), as_of)
        for (insurance, region), total in sorted(credits.items())
        if insurance in ("pension", "medical")
    ]


def default_until(today: date) -> str:
    """Two months before ``today``'s: the month after it is still in the past."""
    index = today.year * 12 + today.month - 1 - 2
    return month_text(index)


def main(argv: list[str] | None = None) -> int:
    """Entry point (see the module doc)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, required=True)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--until", default=default_until(date.today()))
    parser.add_argument("--insurances", default=",".join(INSURANCES))
    parser.add_argument("--next-month", action="store_true")
    parser.add_argument("--config", type=Path, default=None)
    parser.add_argument(
        "--part-size",
        type=int,
        default=0,
        help="write the residents in parts of this many (DIR/part-NNNN)",
    )
    args = parser.parse_args(argv)
    insurances = tuple(args.insurances.split(","))
    if not set(insurances) <= set(INSURANCES) or not 1 <= args.years <= 60:
        parser.error("unknown insurance, or --years outside 1..60")
    counts = generate(
        load_settings(args.config),
        args.out,
        persons=args.persons,
        years=args.years,
        seed=args.seed,
        until=args.until,
        insurances=insurances,
        next_month=args.next_month,
        part_size=args.part_size,
    )
    for name, count in counts.items():
        print(f"{name}: {count:,} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Generate a sample B2B market that looks like real CRM and marketing exports.

How the truth is planted
------------------------
Every account is drawn from one of four *true segments*, each with its own
industry mix, company size, and way of engaging (web visits, downloads,
events, email clicks). Subsidiaries take their parent's segment and
industry. Company revenue follows employees with noise.

A *planted ICP* gives each account a true win probability: a logistic score
that rises for Technology and Financial Services, for companies of 200 to
5,000 employees, for North America, for accounts whose buyers describe data
silos or manual reporting on discovery calls, and with the account's latent
buying intent (which also drives how much it engages). Closed deals are won
with that probability; accounts without a closed deal get a *future outcome*
drawn from it.

The truth is written to ``truth.csv`` (account_id, true_segment,
true_win_probability, future_won) for tests and benchmarks only; no stage of
segkit reads it.

Exports are deliberately a little dirty: typos and synonyms in industries,
money written as text, employee counts written as ranges, countries written
as names, dates in several formats, and a few percent of missing values.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

from segkit._reference import CITIES, COUNTRIES

logger = logging.getLogger(__name__)

# The planted segments: industry mix, median employees, spread, engagement
# events per account-year, and how those events split across the four types
# (web visit, content download, event attendance, email click).
TRUE_SEGMENTS = {
    "Enterprise technology": {
        "share": 0.2,
        "industries": {"Technology": 0.6, "Financial Services": 0.4},
        "employees": 3000,
        "spread": 0.8,
        "events": 14,
        "mix": [0.55, 0.25, 0.05, 0.15],
    },
    "Mid-market industrial": {
        "share": 0.3,
        "industries": {"Manufacturing": 0.6, "Logistics": 0.4},
        "employees": 400,
        "spread": 0.6,
        "events": 4,
        "mix": [0.25, 0.1, 0.5, 0.15],
    },
    "Digital small business": {
        "share": 0.3,
        "industries": {"Retail": 0.4, "Professional Services": 0.35, "Media": 0.25},
        "employees": 40,
        "spread": 0.7,
        "events": 9,
        "mix": [0.4, 0.45, 0.0, 0.15],
    },
    "Public sector and healthcare": {
        "share": 0.2,
        "industries": {"Healthcare": 0.45, "Education": 0.3, "Government": 0.25},
        "employees": 1500,
        "spread": 0.9,
        "events": 5,
        "mix": [0.2, 0.1, 0.3, 0.4],
    },
}
EVENT_TYPES = ["web_visit", "content_download", "event_attendance", "email_click"]

# The planted ICP: log-odds added per trait.
ICP_INDUSTRY_WEIGHT = {
    "Technology": 1.2,
    "Financial Services": 1.0,
    "Healthcare": 0.4,
    "Manufacturing": 0.2,
    "Logistics": 0.0,
    "Professional Services": -0.2,
    "Retail": -0.4,
    "Media": -0.4,
    "Education": -0.5,
    "Government": -0.7,
}
REVENUE_PER_EMPLOYEE = {
    "Technology": 250_000,
    "Financial Services": 400_000,
    "Manufacturing": 220_000,
    "Logistics": 180_000,
    "Healthcare": 150_000,
    "Education": 90_000,
    "Government": 110_000,
    "Retail": 160_000,
    "Professional Services": 140_000,
    "Media": 200_000,
}
PAIN_CHALLENGES = [
    "our data silos mean there is no single view of the customer",
    "manual reporting in spreadsheets eats two days a week",
    "disconnected systems make every forecast a copy and paste job",
]
OTHER_CHALLENGES = [
    "budget cuts force us to reduce spend on tools",
    "new regulatory audit requirements around gdpr",
    "a recent security review flagged weak access control",
    "customer churn rose and renewals are slipping",
    "launches are slow and time to market lags competitors",
]
GOALS = [
    "expand into new markets next year",
    "improve retention of our largest customers",
    "release faster with fewer people",
    "cut costs without losing pipeline",
    "pass the next compliance audit cleanly",
    "scale the sales team to twice its size",
]
_ROOTS = [
    "North",
    "Blue",
    "Bright",
    "Silver",
    "Iron",
    "Green",
    "Red",
    "Stone",
    "Clear",
    "True",
    "Swift",
    "High",
    "Oak",
    "Pine",
    "Cedar",
    "Maple",
    "River",
    "Lake",
    "Summit",
    "Peak",
    "Harbor",
    "Bay",
    "Star",
    "Sun",
    "Moon",
    "Cloud",
    "Rain",
    "Snow",
    "Fire",
    "Gold",
    "Copper",
    "Crystal",
    "Eagle",
    "Falcon",
    "Hawk",
    "Wolf",
    "Fox",
    "Bear",
    "Lion",
    "Orbit",
    "Nova",
    "Vertex",
    "Apex",
    "Zen",
    "Prime",
    "Core",
    "Alpha",
    "Delta",
    "Sigma",
    "Omega",
    "Quantum",
    "Atlas",
    "Titan",
    "Echo",
    "Pulse",
    "Wave",
]
_ENDINGS = [
    "wind",
    "field",
    "gate",
    "bridge",
    "stone",
    "works",
    "forge",
    "path",
    "line",
    "point",
    "view",
    "wise",
    "scape",
    "ridge",
    "brook",
    "vale",
    "mark",
    "shore",
    "crest",
    "light",
]
_WORDS = {
    "Technology": ["Systems", "Software", "Labs", "Digital"],
    "Financial Services": ["Capital", "Financial", "Bank", "Insurance"],
    "Manufacturing": ["Industries", "Manufacturing", "Components", "Machines"],
    "Logistics": ["Logistics", "Freight", "Transport", "Shipping"],
    "Healthcare": ["Health", "Medical", "Clinics", "Care"],
    "Education": ["Academy", "Learning", "College", "Education"],
    "Government": ["County Services", "City Works", "Public Agency", "Authority"],
    "Retail": ["Goods", "Stores", "Market", "Outfitters"],
    "Professional Services": ["Partners", "Consulting", "Advisors", "Group"],
    "Media": ["Media", "Studios", "Publishing", "Creative"],
}
_LEGAL = {
    "US": ["Inc", "LLC", "Inc.", "Corp"],
    "CA": ["Inc", "Ltd"],
    "GB": ["Ltd", "PLC"],
    "DE": ["GmbH", "AG"],
    "FR": ["S.A.", "SAS"],
    "NL": ["B.V."],
    "ES": ["S.A.", "S.L."],
    "BR": ["Ltda", "S.A."],
    "MX": ["S.A. de C.V."],
    "AU": ["Pty Ltd"],
}
_TYPOS = {
    "Technology": ["Technolgy", "technology", "Tech", "SaaS", "Technology "],
    "Financial Services": ["Finance", "Financial Servcies", "banking"],
    "Manufacturing": ["Manufacturng", "manufacturing", "Industrial"],
    "Logistics": ["Logistic", "Transportation", "logistics"],
    "Healthcare": ["Health Care", "Healthcar", "healthcare"],
    "Education": ["Educaton", "Higher Education"],
    "Government": ["Public Sector", "Govt"],
    "Retail": ["Retial", "eCommerce"],
    "Professional Services": ["Consulting", "Profesional Services"],
    "Media": ["media", "Publishing"],
}


def generate_market(
    n_accounts: int = 2000, seed: int = 0, as_of: str | dt.date | None = None
) -> dict[str, pd.DataFrame]:
    """Generate the exports of a sample market, and its hidden truth.

    Parameters
    ----------
    n_accounts : int
        How many accounts the CRM export holds.
    seed : int
        Seed of the random generator: the same seed gives the same market.
    as_of : str or date, optional
        The day the exports were taken; activity stops on it. Defaults to
        today.

    Returns
    -------
    dict of DataFrame
        ``accounts``, ``opportunities``, ``engagement``, ``usage``, ``notes``,
        ``reps`` as an export would hold them, and ``truth``.

    Examples
    --------
    >>> market = generate_market(300, seed=1, as_of="2026-12-01")
    >>> len(market["accounts"])  # 300 companies, and 4 planted duplicates
    304
    >>> sorted(market["truth"].columns)[:3]
    ['account_id', 'duplicate_of', 'future_won']
    """
    if n_accounts < 50:
        raise ValueError(f"n_accounts={n_accounts} should be at least 50.")
    rng = np.random.default_rng(seed)
    as_of = pd.Timestamp(as_of or dt.date.today()).normalize()

    accounts = _draw_accounts(rng, n_accounts, as_of)
    truth = _plant_icp(rng, accounts)
    opportunities = _draw_opportunities(rng, accounts, truth, as_of)
    truth = _draw_future(rng, truth, opportunities)
    accounts["is_customer"] = accounts["account_id"].isin(
        opportunities.loc[opportunities["stage"] == "Closed Won", "account_id"]
    )
    engagement = _draw_engagement(rng, accounts, truth, as_of)
    usage = _draw_usage(rng, accounts, opportunities, as_of)
    notes = _draw_notes(rng, opportunities, truth)
    reps = _draw_reps(rng, accounts)

    accounts_export = _parents_by_name(rng, _dirty_accounts(rng, accounts))
    accounts_export, duplicate_of = _plant_duplicates(rng, accounts_export)
    engagement = _point_at_duplicates(rng, engagement, duplicate_of)
    exports = {
        "accounts": accounts_export,
        "opportunities": _dirty_opportunities(rng, opportunities),
        "engagement": engagement,
        "usage": usage,
        "notes": notes,
        "reps": reps,
    }
    exports["truth"] = _truth_with_duplicates(truth, duplicate_of)
    return exports


def write_market(
    out: str | Path,
    n_accounts: int = 2000,
    seed: int = 0,
    as_of: str | dt.date | None = None,
) -> Path:
    """Write a sample market and a ready config ``segkit.toml`` into ``out``.

    Returns the path of the config, which ``segkit run --config`` takes as it
    is. The config keeps the workspace store and the reports inside ``out``.

    Examples
    --------
    >>> import tempfile
    >>> config = write_market(tempfile.mkdtemp(), 200, seed=3, as_of="2026-12-01")
    >>> config.name
    'segkit.toml'
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    market = generate_market(n_accounts, seed=seed, as_of=as_of)
    for name, frame in market.items():
        frame.to_csv(out / f"{name}.csv", index=False)
    config = out / "segkit.toml"
    config.write_text(_sample_config(seed), encoding="utf-8")
    logger.info("wrote a market of %d accounts to %s", n_accounts, out)
    return config


def _sample_config(seed: int) -> str:
    sources = "\n".join(
        f'{name} = "{name}.csv"'
        for name in (
            "accounts",
            "opportunities",
            "engagement",
            "usage",
            "notes",
            "reps",
        )
    )
    return f"""\
# segkit config for a generated sample market. Paths are relative to this file.

[workspace]
store = "workspace.duckdb"
reports = "reports"
currency = "USD"
seed = {seed}

[sources]
{sources}

[market]
# The total addressable market: empty lists and zeros mean no filter.
industries = []
regions = []
min_employees = 10

[segments]
# 0 lets segkit choose the number of segments between the bounds.
n_segments = 0
min_segments = 3
max_segments = 6
"""


# --- accounts ---------------------------------------------------------------


def _draw_accounts(rng, n: int, as_of: pd.Timestamp) -> pd.DataFrame:
    names = list(TRUE_SEGMENTS)
    shares = np.array([TRUE_SEGMENTS[s]["share"] for s in names])
    segment = rng.choice(len(names), size=n, p=shares)
    ids = np.array([f"A{i:07d}" for i in range(1, n + 1)])

    # Families: about one account in ten belongs to a family of 2 to 30.
    parent, is_member = _draw_families(rng, n)
    root = _ultimate_parents(parent)
    segment = segment[root]

    industry = np.empty(n, dtype=object)
    for code, name in enumerate(names):
        mix = TRUE_SEGMENTS[name]["industries"]
        rows = np.flatnonzero(segment == code)
        industry[rows] = rng.choice(list(mix), size=len(rows), p=list(mix.values()))
    industry[is_member] = industry[root[is_member]]

    # Skewed company sizes; revenue follows employees with noise.
    median = np.array([TRUE_SEGMENTS[names[s]]["employees"] for s in segment])
    spread = np.array([TRUE_SEGMENTS[names[s]]["spread"] for s in segment])
    employees = np.maximum(2, np.round(median * rng.lognormal(0, spread)))
    per_head = np.array([REVENUE_PER_EMPLOYEE[i] for i in industry])
    revenue = np.round(employees * per_head * rng.lognormal(0, 0.35), -3)

    city = _draw_cities(rng, n)
    city[is_member] = np.where(
        rng.random(is_member.sum()) < 0.6, city[root[is_member]], city[is_member]
    )
    place = [CITIES[c] for c in city]
    lat = np.array([p[4] for p in place]) + rng.normal(0, 0.05, n)
    lon = np.array([p[5] for p in place]) + rng.normal(0, 0.05, n)

    name, domain = _draw_names(rng, industry, [p[2] for p in place], parent)
    created = as_of - pd.to_timedelta(rng.integers(30, 8 * 365, n), unit="D")
    return pd.DataFrame(
        {
            "account_id": ids,
            "name": name,
            "website": domain,
            "parent_account_id": np.where(parent >= 0, ids[np.maximum(parent, 0)], ""),
            "industry": industry,
            "employees": employees.astype(int),
            "annual_revenue": revenue,
            "country": [p[2] for p in place],
            "state": [p[1] for p in place],
            "postal_code": [p[3] for p in place],
            "city": [p[0] for p in place],
            "latitude": lat.round(5),
            "longitude": lon.round(5),
            "created_date": created.strftime("%Y-%m-%d"),
            "_segment": segment,
            "_root": root,
        }
    )


def _draw_families(rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Parent index of each account (-1 for none) and who is a subsidiary."""
    parent = np.full(n, -1)
    sizes = np.clip(np.round(rng.lognormal(np.log(3), 0.7, n)), 2, 30).astype(int)
    target = int(0.1 * n)
    sizes = sizes[: np.searchsorted(np.cumsum(sizes), target) + 1]
    members = rng.permutation(n)[: sizes.sum()]
    start = 0
    for size in sizes:
        family = members[start : start + size]
        start += size
        for position in range(1, len(family)):
            # Most subsidiaries hang off the ultimate parent; some off a sibling.
            above = 0 if rng.random() < 0.75 else rng.integers(0, position)
            parent[family[position]] = family[above]
    return parent, parent >= 0


def _ultimate_parents(parent: np.ndarray) -> np.ndarray:
    root = np.arange(len(parent))
    has_parent = parent >= 0
    root[has_parent] = parent[has_parent]
    while True:
        step = np.where(parent[root] >= 0, parent[root], root)
        if np.array_equal(step, root):
            return root
        root = step


def _draw_cities(rng, n: int) -> np.ndarray:
    weights = np.array([c[6] for c in CITIES], dtype=float)
    return rng.choice(len(CITIES), size=n, p=weights / weights.sum())


def _draw_names(rng, industry, country, parent) -> tuple[list[str], list[str]]:
    n = len(industry)
    order = rng.permutation(n)
    names, domains, bases, stems = [], [], [], []
    combos = len(_ROOTS) * len(_ENDINGS)
    for i in range(n):
        k = order[i]
        stem = _ROOTS[k % len(_ROOTS)] + _ENDINGS[(k // len(_ROOTS)) % len(_ENDINGS)]
        series = k // combos
        word = _WORDS[industry[i]][(k // 7) % 4]
        base = f"{stem} {word}" + (f" {series + 1}" if series else "")
        legal = _LEGAL.get(country[i], ["Ltd"])
        names.append(f"{base} {legal[k % len(legal)]}")
        bases.append(base)
        stems.append(stem + (f" {series + 1}" if series else ""))
        slug = (stem + word.split()[0]).lower() + (str(series + 1) if series else "")
        tld = {"GB": ".co.uk", "DE": ".de", "FR": ".fr", "AU": ".com.au"}
        domains.append(slug + tld.get(country[i], ".com"))

    # Subsidiaries carry their parent's brand: "Parent brand Own Division".
    for i in np.flatnonzero(parent >= 0):
        names[i] = f"{bases[parent[i]]} {stems[i]} Division"
        domains[i] = f"{domains[i].split('.')[0]}-{i}.com"

    # Websites are written the many ways CRMs hold them.
    styles = ["{}", "www.{}", "https://www.{}", "http://{}/", "https://{}/about"]
    pick = rng.choice(len(styles), size=n, p=[0.5, 0.2, 0.15, 0.1, 0.05])
    return names, [styles[s].format(d) for s, d in zip(pick, domains, strict=True)]


def _plant_icp(rng, accounts: pd.DataFrame) -> pd.DataFrame:
    names = list(TRUE_SEGMENTS)
    employees = accounts["employees"].to_numpy()
    region = accounts["country"].map(lambda c: COUNTRIES[c][1]).to_numpy()
    pain = rng.random(len(accounts)) < np.where(accounts["_segment"] == 0, 0.55, 0.3)
    intent = rng.normal(0, 1, len(accounts))
    logit = (
        -1.6
        + accounts["industry"].map(ICP_INDUSTRY_WEIGHT).to_numpy()
        + np.where((employees >= 200) & (employees <= 5000), 1.0, 0.0)
        - np.where(employees < 50, 0.7, 0.0)
        + np.where(region == "North America", 0.4, 0.0)
        + np.where(pain, 0.6, 0.0)
        + 0.5 * intent
    )
    return pd.DataFrame(
        {
            "account_id": accounts["account_id"],
            "true_segment": [names[s] for s in accounts["_segment"]],
            "true_win_probability": (1 / (1 + np.exp(-logit))).round(4),
            "pain": pain,
            "intent": intent,
            "segment_code": accounts["_segment"],
        }
    )


def _draw_future(rng, truth, opportunities) -> pd.DataFrame:
    closed = opportunities.loc[
        opportunities["stage"].isin(["Closed Won", "Closed Lost"]), "account_id"
    ]
    truth = truth.copy()
    outcome = rng.random(len(truth)) < truth["true_win_probability"]
    truth["future_won"] = pd.array(outcome, dtype="boolean")
    truth.loc[truth["account_id"].isin(closed), "future_won"] = pd.NA
    return truth


# --- activity ---------------------------------------------------------------


def _draw_opportunities(rng, accounts, truth, as_of) -> pd.DataFrame:
    n = len(accounts)
    engaged = 1 / (1 + np.exp(-(truth["intent"].to_numpy() - 0.6)))
    has_deal = rng.random(n) < 0.2 + 0.35 * engaged
    count = np.where(has_deal, 1 + rng.poisson(0.3, n), 0)
    rows = np.repeat(np.arange(n), count)

    # One won-or-lost draw per account keeps an account's deals consistent.
    account_wins = rng.random(n) < truth["true_win_probability"].to_numpy()
    created = as_of - pd.to_timedelta(rng.integers(5, 900, len(rows)), unit="D")
    age = (as_of - created).days.to_numpy()
    stage = np.where(
        age < 120,
        "Open",
        np.where(account_wins[rows], "Closed Won", "Closed Lost"),
    )
    revenue = accounts["annual_revenue"].to_numpy()[rows]
    amount = np.clip(revenue * 0.0012 * rng.lognormal(0, 0.5, len(rows)), 5e3, 9e5)
    closed = created + pd.to_timedelta(rng.integers(20, 110, len(rows)), unit="D")
    return pd.DataFrame(
        {
            "opportunity_id": [f"O{i:08d}" for i in range(1, len(rows) + 1)],
            "account_id": accounts["account_id"].to_numpy()[rows],
            "stage": stage,
            "amount": amount.round(2),
            "created_date": created.strftime("%Y-%m-%d"),
            "close_date": np.where(stage == "Open", "", closed.strftime("%Y-%m-%d")),
        }
    )


def _draw_engagement(rng, accounts, truth, as_of) -> pd.DataFrame:
    names = list(TRUE_SEGMENTS)
    segment = accounts["_segment"].to_numpy()
    rate = np.array([TRUE_SEGMENTS[names[s]]["events"] for s in segment])
    rate = rate * np.exp(0.6 * truth["intent"].to_numpy())
    count = rng.poisson(rate)
    rows = np.repeat(np.arange(len(accounts)), count)

    # Each event's type follows its segment's mix.
    mix = np.array([TRUE_SEGMENTS[name]["mix"] for name in names])
    cumulative = mix.cumsum(axis=1)[segment[rows]]
    kind = (rng.random(len(rows))[:, None] > cumulative).sum(axis=1)
    kind = np.minimum(kind, len(EVENT_TYPES) - 1)
    days = rng.exponential(120, len(rows)).clip(0, 364)
    when = as_of - pd.to_timedelta((days * 86400).astype(int), unit="s")

    # Marketing tools key some events by the contact's email, not the account.
    domain = _bare_domain(accounts["website"]).to_numpy()
    account_id = accounts["account_id"].to_numpy()[rows].astype(object)
    email = np.array([f"contact{i % 5}@{d}" for i, d in enumerate(domain[rows])])
    by_email = rng.random(len(rows)) < 0.05
    account_id[by_email] = ""
    stray = rng.random(len(rows)) < 0.005
    account_id[stray] = ""
    email[stray] = [f"visitor{i}@gmail.com" for i in range(stray.sum())]
    return pd.DataFrame(
        {
            "event_id": [f"E{i:09d}" for i in range(1, len(rows) + 1)],
            "account_id": account_id,
            "email": email,
            "event_type": np.array(EVENT_TYPES)[kind],
            "occurred_at": when.strftime("%Y-%m-%dT%H:%M:%S"),
        }
    )


def _bare_domain(websites: pd.Series) -> pd.Series:
    """The domain of a website as the sample writes it (no protocol, www, path)."""
    bare = websites.str.replace(r"^https?://", "", regex=True)
    return bare.str.replace(r"^www\.", "", regex=True).str.split("/").str[0]


def _draw_usage(rng, accounts, opportunities, as_of) -> pd.DataFrame:
    won = set(opportunities.loc[opportunities["stage"] == "Closed Won", "account_id"])
    trials = set(opportunities.loc[opportunities["stage"] == "Open", "account_id"])
    trial_pick = {a for a in sorted(trials) if rng.random() < 0.4}
    using = accounts[accounts["account_id"].isin(won | trial_pick)]
    months = pd.period_range(end=as_of.to_period("M"), periods=6, freq="M")
    seats = np.maximum(1, (using["employees"].to_numpy() * 0.05).round())
    frames = []
    for step, month in enumerate(months):
        adoption = rng.beta(2, 3, len(using)) * (0.7 + 0.06 * step)
        active = rng.poisson(seats * adoption)
        frames.append(
            pd.DataFrame(
                {
                    "account_id": using["account_id"].to_numpy(),
                    "month": str(month),
                    "active_users": active,
                    "sessions": rng.poisson(active * 12 + 1),
                    "features_used": rng.integers(1, 25, len(using)),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _draw_notes(rng, opportunities, truth) -> pd.DataFrame:
    pain = truth.set_index("account_id")["pain"]
    calls = opportunities.drop_duplicates("account_id")
    texts = []
    for account in calls["account_id"]:
        if pain[account]:
            challenge = PAIN_CHALLENGES[rng.integers(len(PAIN_CHALLENGES))]
        else:
            challenge = OTHER_CHALLENGES[rng.integers(len(OTHER_CHALLENGES))]
        goal = GOALS[rng.integers(len(GOALS))]
        texts.append(f"Challenge: {challenge}. Goal: {goal}.")
    return pd.DataFrame(
        {
            "note_id": [f"N{i:08d}" for i in range(1, len(calls) + 1)],
            "account_id": calls["account_id"].to_numpy(),
            "noted_at": calls["created_date"].to_numpy(),
            "text": texts,
        }
    )


def _draw_reps(rng, accounts) -> pd.DataFrame:
    n_reps = int(np.clip(round(len(accounts) / 1000), 4, 200))
    region = accounts["country"].map(lambda c: COUNTRIES[c][1])
    share = region.value_counts(normalize=True).sort_index()
    per_region = np.maximum(1, np.floor(share * n_reps)).astype(int)
    first = [
        "Ana",
        "Ben",
        "Chloe",
        "Dev",
        "Elena",
        "Farid",
        "Grace",
        "Hugo",
        "Iris",
        "Jon",
        "Kenji",
        "Lena",
        "Mateo",
        "Nora",
    ]
    last = [
        "Silva",
        "Meyer",
        "Okafor",
        "Rossi",
        "Tanaka",
        "Novak",
        "Haddad",
        "Brown",
        "Dubois",
        "Kim",
        "Lopez",
    ]
    rows = []
    for region_name, count in per_region.items():
        homes = [c for c in CITIES if COUNTRIES[c[2]][1] == region_name]
        for _ in range(count):
            number = len(rows) + 1
            home = homes[rng.integers(len(homes))]
            name = f"{first[number % len(first)]} {last[(number * 3) % len(last)]}"
            rows.append(
                {
                    "rep_id": f"R{number:03d}",
                    "name": name,
                    "email": f"{name.lower().replace(' ', '.')}@segkit.example",
                    "region": region_name,
                    "home_city": home[0],
                    "latitude": home[4],
                    "longitude": home[5],
                    "capacity": int(np.ceil(len(accounts) / n_reps * 1.5)),
                }
            )
    return pd.DataFrame(rows)


# --- dirt -------------------------------------------------------------------


def _dirty_accounts(rng, accounts: pd.DataFrame) -> pd.DataFrame:
    out = accounts.drop(columns=["_segment", "_root"]).astype(object)
    n = len(out)

    # Typos and synonyms in a few industries.
    rows = np.flatnonzero(rng.random(n) < 0.02)
    out.loc[rows, "industry"] = [
        _TYPOS[i][rng.integers(len(_TYPOS[i]))] for i in out.loc[rows, "industry"]
    ]

    # Money written as text, employee counts written as ranges.
    rows = np.flatnonzero(rng.random(n) < 0.03)
    out.loc[rows, "annual_revenue"] = [
        _money_as_text(v, rng) for v in out.loc[rows, "annual_revenue"]
    ]
    rows = np.flatnonzero(rng.random(n) < 0.02)
    out.loc[rows, "employees"] = [_range_of(v) for v in out.loc[rows, "employees"]]

    # Countries written as names.
    rows = np.flatnonzero(rng.random(n) < 0.05)
    out.loc[rows, "country"] = [COUNTRIES[c][0] for c in out.loc[rows, "country"]]

    # Dates in other formats.
    rows = np.flatnonzero(rng.random(n) < 0.03)
    out.loc[rows, "created_date"] = [
        pd.Timestamp(d).strftime("%m/%d/%Y") for d in out.loc[rows, "created_date"]
    ]

    # A few percent of missing values.
    for column, share in [
        ("employees", 0.02),
        ("annual_revenue", 0.03),
        ("industry", 0.01),
        ("postal_code", 0.02),
        ("latitude", 0.03),
        ("longitude", 0.03),
    ]:
        out.loc[rng.random(n) < share, column] = None
    return out


def _dirty_opportunities(rng, opportunities: pd.DataFrame) -> pd.DataFrame:
    out = opportunities.astype({"amount": object})
    rows = np.flatnonzero(rng.random(len(out)) < 0.02)
    out.loc[rows, "amount"] = [_money_as_text(v, rng) for v in out.loc[rows, "amount"]]
    return out


def _parents_by_name(rng, accounts: pd.DataFrame) -> pd.DataFrame:
    """Some CRMs link a subsidiary by its parent's name instead of its id."""
    out = accounts.copy()
    out.insert(out.columns.get_loc("parent_account_id") + 1, "parent_name", "")
    names = out.set_index("account_id")["name"]
    subsidiaries = np.flatnonzero(out["parent_account_id"].to_numpy() != "")
    chosen = subsidiaries[rng.random(len(subsidiaries)) < 0.3]
    parents = out["parent_account_id"].to_numpy()[chosen]
    out.loc[chosen, "parent_name"] = names.reindex(parents).to_numpy()
    out.loc[chosen, "parent_account_id"] = ""
    return out


def _plant_duplicates(rng, accounts: pd.DataFrame, share: float = 0.015):
    """Copy a few standalone accounts under new ids, as CRMs accumulate them.

    A copy writes the name differently (case, punctuation, legal form), keeps
    the website in another form or leaves it out, and misses a few values.
    Returns the export with the copies appended, and each copy's original.
    """
    standalone = np.flatnonzero(
        (accounts["parent_account_id"].to_numpy() == "")
        & (accounts["parent_name"].to_numpy() == "")
    )
    count = max(1, int(share * len(accounts)))
    originals = np.sort(rng.choice(standalone, size=count, replace=False))
    copies = accounts.iloc[originals].copy()
    first = len(accounts) + 1
    copies["account_id"] = [f"A{i:07d}" for i in range(first, first + count)]

    forms = sorted({form for options in _LEGAL.values() for form in options} | {"Ltd"})
    ending = r"\s+(?:" + "|".join(re.escape(form) for form in forms) + r")$"
    base = copies["name"].str.replace(ending, "", regex=True)
    style = rng.integers(0, 3, count)
    copies["name"] = np.select(
        [style == 0, style == 1], [base.str.upper(), base + ", Inc."], base
    )
    domain = _bare_domain(copies["website"])
    website = rng.integers(0, 3, count)
    copies["website"] = np.select(
        [website == 0, website == 1], ["https://" + domain + "/", ""], "www." + domain
    )
    for column in ("employees", "annual_revenue", "industry"):
        copies.loc[rng.random(count) < 0.4, column] = None
    duplicate_of = pd.Series(
        accounts["account_id"].to_numpy()[originals], index=copies["account_id"]
    )
    return pd.concat([accounts, copies], ignore_index=True), duplicate_of


def _point_at_duplicates(rng, engagement, duplicate_of) -> pd.DataFrame:
    """Some events of a duplicated company are logged against the copy."""
    copy_of = pd.Series(duplicate_of.index, index=duplicate_of.to_numpy())
    hit = engagement["account_id"].isin(copy_of.index).to_numpy()
    hit = hit & (rng.random(len(engagement)) < 0.3)
    out = engagement.copy()
    out.loc[hit, "account_id"] = copy_of.reindex(out.loc[hit, "account_id"]).to_numpy()
    return out


def _truth_with_duplicates(truth, duplicate_of) -> pd.DataFrame:
    columns = ["account_id", "true_segment", "true_win_probability", "future_won"]
    truth = truth[columns].assign(duplicate_of=pd.NA)
    copies = truth.set_index("account_id").loc[duplicate_of.to_numpy()]
    copies = copies.assign(duplicate_of=duplicate_of.to_numpy())
    copies.index = duplicate_of.index
    truth = pd.concat([truth, copies.reset_index(names="account_id")])
    return truth.astype({"duplicate_of": "string"}).reset_index(drop=True)


def _money_as_text(value: float, rng) -> str:
    style = rng.integers(3)
    if style == 0:
        return f"${value:,.2f}"
    if style == 1 and value >= 1e6:
        return f"{value / 1e6:.1f}M"
    return f"{value:,.0f}".replace(",", " ") + " USD"


def _range_of(employees: int) -> str:
    bands = [(1, 10), (11, 50), (51, 200), (201, 1000), (1001, 5000)]
    for low, high in bands:
        if employees <= high:
            return f"{low:,}-{high:,}"
    return "5,001-10,000" if employees <= 10_000 else "10,000+"

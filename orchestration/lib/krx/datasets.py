"""What each KRX-family dataset is: its endpoint, its replay file layout, and its columns in raw.*.

Column names are KRX's keys lower-cased (the raw tables in atlas/db/sql/020_raw.sql use the same names);
KIND and KOFIA columns get English names for their Korean/English CSV headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(Enum):
    """How a KRX string becomes a typed value (see parser.py)."""

    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"
    DATE_SLASH = "date YYYY/MM/DD"
    DATE_ISO = "date YYYY-MM-DD"


@dataclass(frozen=True)
class Column:
    name: str
    key: str
    kind: Kind = Kind.TEXT
    precision: int | None = None
    scale: int | None = None
    required: bool = False
    # Words KRX prints instead of a number that mean "no value" (e.g. 무액면 = no par value).
    missing_words: frozenset[str] = frozenset()


def _dec(name: str, precision: int, scale: int, key: str | None = None) -> Column:
    return Column(name, key or name.upper(), Kind.DECIMAL, precision, scale)


def _int(name: str) -> Column:
    return Column(name, name.upper(), Kind.INT)


def _text(name: str, required: bool = False) -> Column:
    return Column(name, name.upper(), required=required)


@dataclass(frozen=True)
class Dataset:
    name: str
    label: str
    table: str  # in schema raw
    date_column: str  # trade_date for daily data, as_of_date for snapshots
    daily: bool
    replay_dir: str
    replay_suffix: str
    columns: tuple[Column, ...]
    bld_code: str | None = None  # KRX JSON endpoints only
    output_key: str = "output"
    form: dict[str, str] = field(default_factory=dict)  # fixed form fields besides bld/trdDd/isuCd
    per_etf: bool = False  # holdings: one request per ETF ISIN, rows numbered by line_no

    @property
    def context_columns(self) -> tuple[str, ...]:
        """Columns the request supplies rather than the response."""
        return (self.date_column, "etf_isu_cd", "line_no") if self.per_etf else (self.date_column,)

    @property
    def table_columns(self) -> tuple[str, ...]:
        """Every column a parsed row has, in table order (raw tables add _source and _loaded_at)."""
        return (*self.context_columns, *(c.name for c in self.columns))

    @property
    def value_keys(self) -> tuple[str, ...]:
        """The numeric fields: a KRX holiday answer has `-` in all of them."""
        return tuple(c.key for c in self.columns if c.kind in (Kind.INT, Kind.DECIMAL))


ETF_MASTER = Dataset(
    name="etf_master",
    label="ETF master",
    table="krx_etf_master",
    date_column="as_of_date",
    daily=False,
    replay_dir="MDCSTAT04601",
    replay_suffix=".json",
    bld_code="MDCSTAT04601",
    form={"locale": "ko_KR", "share": "1", "csvxls_isNo": "false"},
    columns=(
        _text("isu_cd", required=True),
        _text("isu_srt_cd", required=True),
        _text("isu_nm"),
        _text("isu_abbrv"),
        _text("isu_eng_nm"),
        Column("list_dd", "LIST_DD", Kind.DATE_SLASH),
        _text("etf_obj_idx_nm"),
        _text("idx_calc_inst_nm1"),
        _text("idx_calc_inst_nm2"),
        _text("etf_replica_methd_tp_cd"),
        _text("idx_mkt_clss_nm"),
        _text("idx_asst_clss_nm"),
        _int("list_shrs"),
        _text("com_abbrv"),
        _int("cu_qty"),
        _dec("etf_tot_fee", 12, 6),
        _text("tax_tp_cd"),
    ),
)

ETF_PRICES = Dataset(
    name="etf_prices",
    label="ETF daily prices",
    table="krx_etf_prices",
    date_column="trade_date",
    daily=True,
    replay_dir="MDCSTAT04301",
    replay_suffix=".json",
    bld_code="MDCSTAT04301",
    form={"locale": "ko_KR", "share": "1", "money": "1", "csvxls_isNo": "false"},
    columns=(
        _text("isu_srt_cd", required=True),
        _text("isu_cd"),
        _text("isu_abbrv"),
        _dec("tdd_clsprc", 20, 2),
        _dec("cmpprevdd_prc", 20, 2),
        _dec("fluc_rt", 12, 2),
        _dec("nav", 20, 2),
        _dec("tdd_opnprc", 20, 2),
        _dec("tdd_hgprc", 20, 2),
        _dec("tdd_lwprc", 20, 2),
        _int("acc_trdvol"),
        _dec("acc_trdval", 24, 0),
        _dec("mktcap", 24, 0),
        _int("list_shrs"),
        _dec("invstasst_netasst_totamt", 24, 0),
    ),
)

ETF_HOLDINGS = Dataset(
    name="etf_holdings",
    label="ETF holdings (PDF)",
    table="krx_etf_holdings",
    date_column="trade_date",
    daily=True,
    replay_dir="MDCSTAT05001",
    replay_suffix=".jsonl.gz",
    bld_code="MDCSTAT05001",
    form={"locale": "ko_KR", "share": "1", "money": "1", "csvxls_isNo": "false"},
    per_etf=True,
    columns=(
        _text("compst_isu_cd", required=True),
        _text("compst_isu_cd2"),
        _text("compst_isu_nm"),
        _dec("compst_isu_cu1_shrs", 24, 2),
        _dec("valu_amt", 24, 0),
        _dec("compst_amt", 24, 0),
        _dec("compst_rto", 12, 2),
        _text("mkt_id"),
        _text("secugrp_id"),
    ),
)

STOCK_MASTER = Dataset(
    name="stock_master",
    label="stock master",
    table="krx_stock_master",
    date_column="as_of_date",
    daily=False,
    replay_dir="MDCSTAT01901",
    replay_suffix=".json",
    bld_code="MDCSTAT01901",
    output_key="OutBlock_1",
    form={"locale": "ko_KR", "mktId": "ALL", "share": "1", "csvxls_isNo": "false"},
    columns=(
        _text("isu_cd", required=True),
        _text("isu_srt_cd", required=True),
        _text("isu_nm"),
        _text("isu_abbrv"),
        _text("isu_eng_nm"),
        Column("list_dd", "LIST_DD", Kind.DATE_SLASH),
        _text("mkt_tp_nm"),
        _text("secugrp_nm"),
        _text("sect_tp_nm"),
        _text("kind_stkcert_tp_nm"),
        Column("parval", "PARVAL", Kind.DECIMAL, 20, 2, missing_words=frozenset({"무액면"})),
        _int("list_shrs"),
    ),
)

KIND_COMPANIES = Dataset(
    name="kind_companies",
    label="KIND listed companies",
    table="kind_companies",
    date_column="as_of_date",
    daily=False,
    replay_dir="KIND_corpList",
    replay_suffix=".csv",
    columns=(
        Column("code", "Code", required=True),
        Column("name", "Name"),
        Column("market", "Market"),
        Column("industry", "Industry"),
        Column("listing_date", "ListingDate", Kind.DATE_ISO),
    ),
)

KOFIA_FEES = Dataset(
    name="kofia_fees",
    label="KOFIA fund fees",
    table="kofia_fees",
    date_column="as_of_date",
    daily=False,
    replay_dir="KOFIA_fees",
    replay_suffix=".csv",
    columns=(
        Column("fund_code", "펀드코드", required=True),
        Column("fund_name", "펀드명", required=True),
        Column("fund_type", "펀드유형"),
        Column("setup_date", "설정일", Kind.DATE_ISO),
        _dec("mgmt_fee", 12, 4, "운용보수"),
        _dec("sales_fee", 12, 4, "판매보수"),
        _dec("trustee_fee", 12, 4, "수탁보수"),
        _dec("admin_fee", 12, 4, "사무관리보수"),
        _dec("total_fee", 12, 4, "보수합계"),
        _dec("peer_avg_fee", 12, 4, "유사유형평균보수율"),
        _dec("other_expenses", 12, 4, "기타비용"),
        _dec("ter", 12, 4, "TER"),
        _dec("front_load", 12, 4, "선취수수료"),
        _dec("back_load", 12, 4, "후취수수료"),
        _dec("trading_fee_rate", 12, 4, "매매중개수수료율"),
    ),
)

DATASETS: dict[str, Dataset] = {
    d.name: d for d in (ETF_MASTER, ETF_PRICES, ETF_HOLDINGS, STOCK_MASTER, KIND_COMPANIES, KOFIA_FEES)
}
# Short names the orchestration uses (`available_dates("prices")`).
ALIASES = {"prices": "etf_prices", "holdings": "etf_holdings", "kind": "kind_companies", "kofia": "kofia_fees"}


def get_dataset(name: str) -> Dataset:
    """The dataset called `name` (or one of its short aliases); ValueError names the known ones."""
    found = DATASETS.get(ALIASES.get(name, name))
    if found is None:
        known = ", ".join([*DATASETS, *ALIASES])
        raise ValueError(f"unknown KRX dataset {name!r}; known: {known}")
    return found

"""Every closed set of the IR has its registry entry: a new enum member or node kind without one fails here."""

from __future__ import annotations

import typing

import pytest

from query_api.router import ir
from query_api.router.compile import COMPILERS, DIMENSIONS, MEASURES, Ctx, compile_query
from query_api.router.compile.registry import AGGS, OPS, WINDOW_INTERVALS
from query_api.router.render import RENDERERS
from tests.query_api.router.compile.samples import SAMPLES

NODE_KINDS = typing.get_args(ir.Query)


def test_every_measure_and_dimension_has_an_entry() -> None:
    assert set(MEASURES) == set(ir.Measure)
    assert set(DIMENSIONS) == set(ir.Dim)
    assert set(OPS) == set(ir.Op)
    assert set(AGGS) == set(ir.Agg)
    assert set(WINDOW_INTERVALS) == set(ir.Window)


def test_every_node_kind_compiles_and_renders() -> None:
    assert set(COMPILERS) == set(NODE_KINDS)
    assert set(RENDERERS) == set(NODE_KINDS)
    assert {type(q) for q in SAMPLES.values()} == set(NODE_KINDS)  # the samples cover every kind


@pytest.mark.parametrize("measure", list(ir.Measure))
def test_every_measure_compiles_in_a_lookup_a_list_a_condition_and_an_aggregate(measure: ir.Measure) -> None:
    etf = ir.EtfNamed("069500")
    queries: list[ir.Query] = [
        ir.Lookup(etfs=(etf,), measures=(measure,)),
        ir.ListEtfs(measures=(measure,), sort=ir.Sort(measure), limit=3),
    ]
    if MEASURES[measure].numeric:
        queries.append(ir.ListEtfs(etfs=ir.EtfSet(constraints=(ir.Cond(measure, ir.Op.GT, 1.0),))))
        queries.append(ir.Aggregate(agg=ir.Agg.MEDIAN, measure=measure, group_by=ir.Dim.MARKET))
    for query in queries:
        (statement,) = compile_query(query, Ctx())
        assert MEASURES[measure].expr in statement.text


@pytest.mark.parametrize("dim", list(ir.Dim))
def test_every_dimension_filters_and_groups(dim: ir.Dim) -> None:
    value = {ir.Dim.MULTIPLE: "-2", ir.Dim.ACTIVE: "true", ir.Dim.LISTING_YEAR: "2024"}.get(dim, "x")
    for query in (
        ir.Aggregate(group_by=dim),
        ir.ListEtfs(etfs=ir.EtfSet(constraints=(ir.DimIs(dim, value), ir.DimIs(dim, value, negate=True)))),
    ):
        (statement,) = compile_query(query, Ctx())
        assert DIMENSIONS[dim].expr in statement.text


@pytest.mark.parametrize("window", list(ir.Window))
def test_every_window_compiles_for_returns_and_changes(window: ir.Window) -> None:
    time = ir.TimeScope(window=window)
    for query in (
        ir.ListEtfs(sort=ir.Sort(ir.Measure.RETURN), time=time),
        ir.Changes(named=(ir.EtfNamed("069500"),), time=time),
    ):
        assert compile_query(query, Ctx())

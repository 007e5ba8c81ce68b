"""What the graph holds: its vertex and edge labels, the mart key each vertex carries, and the SQL that feeds it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VertexLabel:
    name: str
    key: str  # the property holding the mart id (unique per label)
    source: str  # SQL file selecting (key text, properties agtype)


@dataclass(frozen=True)
class EdgeLabel:
    name: str
    start: str  # vertex label of start_key
    end: str  # vertex label of end_key
    source: str  # SQL file selecting (start_key text, end_key text, properties agtype)


VERTEX_LABELS: tuple[VertexLabel, ...] = (
    VertexLabel("ETF", "ticker", "vertex_etf.sql"),
    VertexLabel("Stock", "code", "vertex_stock.sql"),
    VertexLabel("Issuer", "issuer_id", "vertex_issuer.sql"),
    VertexLabel("Index", "index_id", "vertex_index.sql"),
    VertexLabel("Sector", "sector_id", "vertex_sector.sql"),
    VertexLabel("Tag", "tag", "vertex_tag.sql"),
)

EDGE_LABELS: tuple[EdgeLabel, ...] = (
    EdgeLabel("HOLDS", "ETF", "Stock", "edge_holds.sql"),
    EdgeLabel("MANAGED_BY", "ETF", "Issuer", "edge_managed_by.sql"),
    EdgeLabel("TRACKS", "ETF", "Index", "edge_tracks.sql"),
    EdgeLabel("IN_SECTOR", "Stock", "Sector", "edge_in_sector.sql"),
    EdgeLabel("TAGGED", "ETF", "Tag", "edge_tagged.sql"),
    EdgeLabel("SIMILAR_TO", "ETF", "ETF", "edge_similar_to.sql"),
)

LABEL_NAMES: tuple[str, ...] = tuple(v.name for v in VERTEX_LABELS) + tuple(e.name for e in EDGE_LABELS)

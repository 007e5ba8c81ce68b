"""`atlas`: the command line of ETF Atlas. Each command prints one clear line on failure."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from atlas.config import Settings
from atlas.db.cluster import Cluster, resolve_cluster
from atlas.errors import AtlasError


def _cluster_up(settings: Settings) -> Cluster:
    cluster = resolve_cluster(settings)
    if cluster.embedded is not None:
        started = cluster.embedded.start(log=lambda msg: print(msg, file=sys.stderr))
        state = "started" if started else "already running"
        print(f"embedded PostgreSQL {state} on 127.0.0.1:{settings.pg_port}", file=sys.stderr)
    return cluster


def db_up(args: argparse.Namespace, settings: Settings) -> int:
    from atlas.db.provision import provision

    cluster = _cluster_up(settings)
    provision(cluster, settings.db_name, settings.readonly_timeout_ms)
    print(f"database {settings.db_name} ready (extensions age, vector, pg_trgm; roles atlas, atlas_reader)")
    return 0


def db_url(args: argparse.Namespace, settings: Settings) -> int:
    cluster = resolve_cluster(settings)
    dsn = cluster.reader_dsn(settings.db_name) if args.readonly else cluster.loader_dsn(settings.db_name)
    print(dsn)
    return 0


def db_status(args: argparse.Namespace, settings: Settings) -> int:
    cluster = resolve_cluster(settings)
    if cluster.embedded is None:
        print("external PostgreSQL (DATABASE_URL)")
    else:
        server = cluster.embedded
        state = "running" if server.running() else "stopped"
        cache = "ready" if server.rootfs_ok() else "not built"
        print(
            f"embedded PostgreSQL 17: {state} on 127.0.0.1:{server.port}; root file system {cache} at {server.rootfs}"
        )
    import psycopg

    try:
        with psycopg.connect(cluster.loader_dsn(settings.db_name), connect_timeout=3) as conn:
            exts = [r[0] for r in conn.execute("select extname from pg_extension order by 1")]
            print(f"database {settings.db_name}: reachable; extensions {', '.join(exts)}")
    except psycopg.Error as exc:
        print(f"database {settings.db_name}: not reachable ({str(exc).strip().splitlines()[0]})")
    return 0


def db_down(args: argparse.Namespace, settings: Settings) -> int:
    cluster = resolve_cluster(settings)
    if cluster.embedded is None:
        raise AtlasError("DATABASE_URL points to an external server: atlas does not stop it")
    print("stopped" if cluster.embedded.stop() else "not running")
    return 0


def db_psql(args: argparse.Namespace, settings: Settings) -> int:
    cluster = resolve_cluster(settings)
    dsn = cluster.reader_dsn(settings.db_name) if args.readonly else cluster.loader_dsn(settings.db_name)
    os.execvp("psql", ["psql", dsn])
    return 0


def _lazy(module: str, function: str) -> Callable[[argparse.Namespace, Settings], int]:
    """Commands of other parts are imported only when run, so `atlas db` stays light."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        import importlib

        return importlib.import_module(module).__getattribute__(function)(args, settings)

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="atlas", description="ETF Atlas: Korean ETF data platform")
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="the PostgreSQL database").add_subparsers(dest="db_command", required=True)
    db.add_parser("up", help="start (embedded) and provision the database").set_defaults(run=db_up)
    url = db.add_parser("url", help="print the DSN of the loader role")
    url.add_argument("--readonly", action="store_true", help="the read-only API role instead")
    url.set_defaults(run=db_url)
    db.add_parser("status", help="what runs where").set_defaults(run=db_status)
    db.add_parser("down", help="stop the embedded server").set_defaults(run=db_down)
    psql = db.add_parser("psql", help="open psql on the database")
    psql.add_argument("--readonly", action="store_true")
    psql.set_defaults(run=db_psql)

    mat = sub.add_parser("materialize", help="run the whole asset graph for the configured KRX source")
    mat.add_argument("--from", dest="date_from", help="first trade date, YYYY-MM-DD")
    mat.add_argument("--to", dest="date_to", help="last trade date, YYYY-MM-DD")
    mat.add_argument(
        "--launch",
        nargs="?",
        const="http://127.0.0.1:3000/graphql",
        metavar="GRAPHQL_URL",
        help="submit the same selection as a backfill to a running Dagster instance (default %(const)s)",
    )
    mat.set_defaults(run=_lazy("orchestration.materialize", "main"))

    serve = sub.add_parser("serve", help="serve the query API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers", type=int, help="worker processes (default: ATLAS_API_WORKERS, else 2 on 2 cores or more, else 1)"
    )
    serve.set_defaults(run=_lazy("query_api.serve", "main"))

    ask = sub.add_parser("ask", help="ask a question in Korean or English")
    ask.add_argument("question")
    ask.add_argument("--as-of", dest="as_of")
    ask.add_argument("--json", action="store_true", help="print the API's JSON")
    ask.set_defaults(run=_lazy("query_api.ask_cli", "main"))

    ev = sub.add_parser("eval", help="intent and answer accuracy on seeds/eval/questions.yaml (or a held-out set)")
    ev.add_argument("--json", action="store_true")
    # Checked against query_api.eval_set.EVAL_SETS (the one list of sets) when the command runs.
    ev.add_argument("--set", default="questions", help="which evaluation set (seeds/eval/<name>.yaml)")
    ev.set_defaults(run=_lazy("query_api.evaluation", "main"))

    emb = sub.add_parser("embeddings", help="serve the local OpenAI-compatible embeddings model")
    emb.set_defaults(run=_lazy("atlas.embeddings.server", "main"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args, Settings.from_env()) or 0)
    except AtlasError as exc:
        print(f"atlas: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

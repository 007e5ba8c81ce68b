"""KRX client: live / replay / record transports sharing one parser of KRX's string-typed answers."""

from orchestration.lib.krx.client import KrxClient, client_from_source
from orchestration.lib.krx.datasets import DATASETS, Dataset, get_dataset
from orchestration.lib.krx.errors import KrxError, KrxResponseError
from orchestration.lib.krx.live import KrxCredentials, LiveTransport, RetryPolicy
from orchestration.lib.krx.parser import KrxTable, parse_csv, parse_response
from orchestration.lib.krx.record import RecordTransport
from orchestration.lib.krx.replay import ReplayTransport
from orchestration.lib.krx.source import parse_source

__all__ = [
    "DATASETS",
    "Dataset",
    "KrxClient",
    "KrxCredentials",
    "KrxError",
    "KrxResponseError",
    "KrxTable",
    "LiveTransport",
    "RecordTransport",
    "ReplayTransport",
    "RetryPolicy",
    "client_from_source",
    "get_dataset",
    "parse_csv",
    "parse_response",
    "parse_source",
]

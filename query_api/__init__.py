"""The query API of ETF Atlas: a Litestar app over the marts, the AGE graph and the event stream."""

# ruff: noqa: E501  -- template sentences (Korean and English side by side) read better unbroken
"""NEGATIVE answers: what was asked is not in the data; ETFs with similar names when there are some."""

from __future__ import annotations

from query_api.router.answer.base import AnswerBase


class NegativeAnswers(AnswerBase):
    def _not_in_data(self) -> str:
        near = self.rows("near_etfs")
        subject = ", ".join(self.plan.focus.get("tokens") or []) or self.linking.masked
        seen: list[str] = []
        for r in near:
            label = f"{r['name']}({r['id']})"
            if label not in seen and (r.get("sim") or 0) >= 0.3:
                seen.append(label)
        suggestion = (
            self.t(f" 이름이 비슷한 ETF: {', '.join(seen[:5])}.", f" ETFs with similar names: {', '.join(seen[:5])}.")
            if seen
            else self.t(" 비슷한 이름의 ETF도 찾지 못했습니다.", " No ETF with a similar name was found either.")
        )
        return self.t(
            f"질문하신 내용({subject})은 이 데이터에 없습니다. 이 데이터는 KRX 상장 ETF의 기본정보·보수, 일별 시세, "
            f"국내 주식형 ETF의 보유종목(PDF)과 그 변화만 담고 있습니다." + suggestion,
            f"That ({subject}) is not in the data. The data covers KRX-listed ETFs' master data and fees, daily prices, "
            f"and the holdings of domestic equity ETFs with their changes." + suggestion,
        )

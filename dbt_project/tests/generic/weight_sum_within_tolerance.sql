{#- Weights of each group (an ETF on a date) should add up to 100 within `tolerance_pct` percentage points.
    Groups without any weight (cash-only or derivatives-only portfolios) are skipped. Used with severity warn:
    cash lines carry no weight in the recorded files, futures and swaps may carry none or a negative one,
    and KRX rounds each line to 2 decimals, so some real portfolios legitimately miss 100. -#}
{% test weight_sum_within_tolerance(model, column_name, group_by, tolerance_pct=none) %}
{%- set tolerance = tolerance_pct if tolerance_pct is not none else var('weight_sum_tolerance_pct', 1.0) -%}
select {{ group_by | join(', ') }}, sum({{ column_name }}) as weight_sum
from {{ model }}
group by {{ group_by | join(', ') }}
having count({{ column_name }}) > 0
    and abs(sum({{ column_name }}) - 100) > {{ tolerance }}
{% endtest %}

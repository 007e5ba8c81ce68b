{#- ISIN check digit (ISO 6166) of an 11-character payload: letters become 10..35, then Luhn from the right,
    doubling the payload's last digit. Used for ETFs whose ISIN no source carries ('KR7' + ticker + '00' + check). -#}
{% macro isin_check_digit(payload) -%}
    (
        select ((10 - sum(
            case
                when (length(digits.value) - pos) % 2 = 0
                    then (2 * substr(digits.value, pos, 1)::int) / 10 + (2 * substr(digits.value, pos, 1)::int) % 10
                else substr(digits.value, pos, 1)::int
            end
        ) % 10) % 10)::text
        from (
            select string_agg(
                case when ch ~ '[0-9]' then ch else (ascii(upper(ch)) - 55)::text end, '' order by i
            ) as value
            from generate_series(1, length({{ payload }})) as i,
                lateral substr({{ payload }}, i, 1) as ch
        ) as digits,
            generate_series(1, length(digits.value)) as pos
    )
{%- endmacro %}

{% macro krx_etf_isin(ticker) -%}
    ('KR7' || {{ ticker }} || '00' || {{ isin_check_digit("('KR7' || " ~ ticker ~ " || '00')") }})
{%- endmacro %}

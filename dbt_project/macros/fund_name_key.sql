{#- Keys for matching KOFIA fund names to KRX ETF full names (KOFIA carries no ticker or ETF ISIN). -#}

{#- Strict: the name without whitespace and brackets (the two sources space and bracket names differently). -#}
{% macro fund_name_key(expression) -%}
    regexp_replace(translate({{ expression }}, '[]()', ''), '\s', '', 'g')
{%- endmacro %}

{#- Loose: also case-insensitive, without the "(H)" currency-hedge marker (placed differently or only on one side)
    and without a trailing 형 in the fund type ([주식형] vs [주식]). -#}
{% macro fund_name_key_loose(expression) -%}
    regexp_replace(
        regexp_replace(
            translate(regexp_replace(lower({{ expression }}), '[(\[](합성\s*)?h[)\]]', '', 'g'), '[]()', ''),
            '\s', '', 'g'
        ),
        '형$', ''
    )
{%- endmacro %}

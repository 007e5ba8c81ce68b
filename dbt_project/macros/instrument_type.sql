{#- Instrument type of a holdings constituent from its code and name (KRX gives no type in the 2024 files):
    6-character codes are listed securities (ETF when the code is an ETF ticker, else stock - delisted stocks
    included); KRW cash and creation cash have fixed codes; KR4 codes are exchange derivatives (KR41 futures,
    KR42/KR43 options); swaps by name or code; other KR ISINs by their asset digit (KR1/KR2/KR6 bonds, KR7 stocks);
    any other 12-character ISIN is a foreign listing. -#}
{% macro instrument_type(code, name, is_etf_ticker) -%}
    case
        when {{ code }} in ('KRD010010001', 'CASH00000001') or {{ name }} in ('원화현금', '원화예금', '설정현금액', '현금')
            then 'cash'
        when {{ name }} ~* '스왑|swap' or {{ code }} like 'SWAP%' or {{ code }} like 'KRYZTRS%'
            then 'swap'
        when length({{ code }}) = 6 and {{ is_etf_ticker }}
            then 'etf'
        when length({{ code }}) = 6
            then 'stock'
        when {{ code }} like 'KR41%'
            then 'future'
        when {{ code }} like 'KR42%' or {{ code }} like 'KR43%'
            then 'option'
        when {{ code }} like 'KR4%' and {{ name }} ~ '\s[CP]\s'
            then 'option'
        when {{ code }} like 'KR4%'
            then 'future'
        when {{ code }} ~ '^KR[126]'
            then 'bond'
        when {{ code }} ~ '^KR7'
            then 'stock'
        when {{ code }} ~ '^[A-Z]{2}[A-Z0-9]{9}[0-9]$' and {{ code }} !~ '^KR'
            then 'foreign_stock'
        else 'other'
    end
{%- endmacro %}

{#- Search key shared with the API: lower-case, all whitespace removed (e.g. 'KODEX 200' -> 'kodex200'). -#}
{% macro normalize_term(expression) -%}
    lower(regexp_replace({{ expression }}, '\s+', '', 'g'))
{%- endmacro %}

{#- The trade-date window of a partitioned run: vars `start_date` / `end_date` (YYYY-MM-DD, either may be absent). -#}
{% macro _window_date(name) -%}
    {%- set value = var(name, none) -%}
    {%- if value is none or (value | string | trim) in ('', 'None', 'null') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set text = value | string | trim -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', text) -%}
        {{ exceptions.raise_compiler_error("var '" ~ name ~ "' must be a date YYYY-MM-DD, got: " ~ text) }}
    {%- endif -%}
    {{ return(text) }}
{%- endmacro %}

{% macro window_start() -%}{{ return(_window_date('start_date')) }}{%- endmacro %}

{% macro window_end() -%}{{ return(_window_date('end_date')) }}{%- endmacro %}

{#- `and <column> between ...` for the window, or nothing when the run covers every date. -#}
{% macro date_window_filter(column) -%}
    {%- set start, end = window_start(), window_end() -%}
    {%- if start and end and start > end -%}
        {{ exceptions.raise_compiler_error("start_date " ~ start ~ " is after end_date " ~ end) }}
    {%- endif -%}
    {%- if start %} and {{ column }} >= date '{{ start }}'{% endif -%}
    {%- if end %} and {{ column }} <= date '{{ end }}'{% endif -%}
{%- endmacro %}

{#- Pre-hook for incremental facts: remove the window's dates first, so a date that now yields no rows
    (e.g. no holding changed) does not keep stale rows. Inside the model's transaction. -#}
{% macro delete_date_window(column='trade_date') -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where true {{ date_window_filter(column) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

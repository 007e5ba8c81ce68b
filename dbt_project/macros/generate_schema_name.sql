{#- Use a model's custom schema verbatim (`staging`, `marts`) instead of dbt's `<target>_<custom>` default:
    the API, graph loader and grants address these exact schema names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

-- Theme and attribute tags (seed `tags`), each with a Korean description.
select
    tag,
    description
from {{ ref('tags') }}

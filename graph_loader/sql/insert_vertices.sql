insert into {table} (id, properties)
select s.id, s.properties from {stage} as s

MATCH (s:Stock {code: $code})-[:IN_SECTOR]->(x:Sector)<-[:IN_SECTOR]-(o:Stock)
RETURN o.code AS code, o.name AS name, x.name AS sector

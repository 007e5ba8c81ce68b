MATCH ()-[h:HOLDS]->()
RETURN h.value_source, count(h)

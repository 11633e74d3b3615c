"""Scoring against gold data: entities in CoNLL form (`conll`) and tables of facts (`facts`)."""

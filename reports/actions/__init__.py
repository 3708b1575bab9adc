"""Corrective actions (Hành động khắc phục, ISO 9001:2015 clause 10.2): the per-agency register of actions
taken on missed targets, review decisions, risks or entered by hand, tracked to closure with evidence and
the secretariat's effectiveness check. Models are registered through reports/models.py."""

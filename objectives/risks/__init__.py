"""Risks and opportunities (ISO 9001 clause 6.1): each agency's yearly register "Bảng nhận diện, đánh giá, giải
quyết rủi ro và cơ hội", linked to the objectives of its decision of that year. Models are registered with the
objectives app by the import at the end of objectives/models.py."""

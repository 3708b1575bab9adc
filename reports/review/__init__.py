"""Management review (xem xét của lãnh đạo, ISO 9001 clause 9.3; yearly under QĐ 19/2014/QĐ-TTg): the meeting,
its inputs compiled from the data into a stored snapshot, the narrative the data cannot give, conclusions and
decisions (a decision that needs work becomes a corrective action), the printed input report and minutes, and
their signed PDFs."""

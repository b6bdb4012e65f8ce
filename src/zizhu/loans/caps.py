"""The highest amount of one loan contract, by school year and level.

This is policy data (spec/policy-2019.md, Loans), not logic: each entry holds from the school
year it names until the next entry. A new cap is one more entry here, never a code change.
"""

from __future__ import annotations

from zizhu.loans.constants import LoanLevel

# (the first school year's starting year it applies to, {level: cap in whole yuan}), oldest first.
# A school year that starts before the first entry has no known cap: its loans are refused.
LOAN_CAPS_YUAN: tuple[tuple[int, dict[str, int]], ...] = (
    (2014, {LoanLevel.ASSOCIATE: 8000, LoanLevel.BACHELOR: 8000, LoanLevel.GRADUATE: 12000}),
    (2021, {LoanLevel.ASSOCIATE: 12000, LoanLevel.BACHELOR: 12000, LoanLevel.GRADUATE: 16000}),
)
FIRST_CAPPED_YEAR = LOAN_CAPS_YUAN[0][0]

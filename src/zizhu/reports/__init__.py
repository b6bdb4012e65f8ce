"""The year report: what was paid, per program, term and county, and the disbursement rate.

Reads only: set-based aggregates over the payments, aid and registry tables, and other
areas' selectors. No models of its own.
"""

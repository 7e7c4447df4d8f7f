"""Validation of newsgate's fact tables (Great Expectations suites and custom expectations)."""

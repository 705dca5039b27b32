"""Scoring findings against human error spans (WMT23 QE task 2, MQM, Potet, DEMETR)."""

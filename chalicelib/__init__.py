"""Rendezvous: the interview back end of an applicant tracking system."""

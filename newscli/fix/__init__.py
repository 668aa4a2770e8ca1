"""Repairs that return outcomes: the fix loop of lint --fix and the AMP plan of newscli amp."""

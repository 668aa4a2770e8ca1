"""``newscli links``: every URL of the articles asked for on the web, judged by the link rules,
and the moved or dead ones repaired through lint's rewriter."""

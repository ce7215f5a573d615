"""Stories, statements and differences: `pipeline` runs the match over a loaded database (stories, candidates,
scoring, decision, clusters, diff and anchors are its passes; clause_state, story_state and incremental keep
and read its state between runs)."""

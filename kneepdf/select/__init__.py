"""Selection: content + stage + the clinician's choices -> one handout; pure, no I/O."""

"""Pure content classifier for the moderation app: no ORM, no database, no Django at import time.

Layers, each usable alone: ``normalize`` (undo obfuscation) -> ``rules`` (named patterns, watched words)
-> ``model`` (calibrated TF-IDF linear model) -> ``signals`` (near-duplicates, link domains, behaviour)
-> ``pipeline.classify`` / ``pipeline.classify_many`` (combine into a ``Verdict``). ``training`` holds
corpus loading, training, evaluation and saving for the management commands.

Importing this package is cheap; scikit-learn is imported only when the model is loaded or trained.
"""

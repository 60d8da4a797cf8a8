"""Case lists for scripts/make-corpus-cases.py, one module per group of corpus programs. Each module has
CASES = {name: {'prog', ['progType'], ['mapUpdates': [(map, key bytes, value bytes)]],
'packets': [(label, bytes, expected verdict or 'error' or None[, expected output bytes])]}}."""

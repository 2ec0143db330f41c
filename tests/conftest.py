"""Suite-wide set-up."""

# Hypothesis's pytest plugin imports this module lazily, in its terminal summary. After an
# Automation API run, that import's assertion rewrite trips CPython 3.11.7's "AST constructor
# recursion depth mismatch" SystemError (python/cpython#106905, pytest-dev/pytest#10763), and pytest
# ends with an internal error. Imported here, up front, there is nothing left to rewrite then.
import hypothesis.internal.observability  # noqa: F401

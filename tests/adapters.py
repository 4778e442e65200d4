"""Run a GUI test against each identity service, with no change but the adapter chosen."""

import pytest

both_adapters = pytest.mark.parametrize("icorerx_identity", ["local", "privacyidea"], indirect=True)

"""The test suite as a package: `from tests.conftest import ...` must find this folder, not a
top-level `tests` package some wheel installs into site-packages (garmin-fit-sdk ships one)."""

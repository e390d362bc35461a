"""The real Moodle of the LMS layer, for the tests that compare our importer with Moodle's."""

from tests.lms.conftest import moodle

__all__ = ["moodle"]

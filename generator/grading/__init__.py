"""What graders and teachers run after learners hand in: LMS gradebooks, rosters,
class reports, rubric sheets and released feedback pages (round four).

The older export modules (``generator/export.py``, ``gradebook.py``,
``submissions.py``…) stay where they are until they are next reworked; new grading
code lives here.
"""

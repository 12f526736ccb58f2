"""The training pages, one module per area (catalogue, cohorts, enrolment, attendance,
assessments, certificates); urls.py lists them."""

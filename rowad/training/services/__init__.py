"""Every write of the training app, one module per concept (catalogue, cohorts,
enrolment, attendance, assessments, certificates). Import from the module that holds it."""

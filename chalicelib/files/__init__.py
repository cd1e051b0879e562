"""Files in S3 (applicants' documents): the only code that talks to S3."""

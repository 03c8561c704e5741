"""What other apps may use from the caseload pages: nothing; they sit at the top."""

"""What other apps may use from measures: nothing yet."""

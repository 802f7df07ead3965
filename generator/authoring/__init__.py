"""What a teacher uses while writing a story: checks beyond the contract (warnings)."""

"""What the build uses to turn a story into questions: moves, text reuse, item checks."""

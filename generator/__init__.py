"""samestory: turn annotated news coverage of one event into media-literacy notebooks.

The import package is called ``generator`` (the build tool); ``generator.runtime`` is
what the generated notebooks import.
"""

__version__ = "0.1.0"

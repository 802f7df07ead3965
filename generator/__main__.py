"""``python -m generator``: the samestory command line."""

import sys

from .cli import main

sys.exit(main())

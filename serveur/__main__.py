"""``python3 -m serveur`` : voir cli.py."""

import sys

from .cli import main

sys.exit(main())

import sys

from daifa.cli import main

sys.exit(main())

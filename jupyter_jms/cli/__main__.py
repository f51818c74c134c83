"""`python -m jupyter_jms.cli`: the same as `jupyter jms`."""

from . import main

raise SystemExit(main())

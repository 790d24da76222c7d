"""`python -m closeknit` is the same as the `closeknit` command."""

from closeknit.cli.main import main

raise SystemExit(main())

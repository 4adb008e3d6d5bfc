from worldspeak.cli import main

raise SystemExit(main())

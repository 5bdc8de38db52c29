from timer_tui.cli import main

raise SystemExit(main())

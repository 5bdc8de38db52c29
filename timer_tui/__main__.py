from timer_tui.cli.main import main

raise SystemExit(main())

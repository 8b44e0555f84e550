from analysis.cli.app import main

raise SystemExit(main())

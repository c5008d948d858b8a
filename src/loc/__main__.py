from loc.cli import main

main()

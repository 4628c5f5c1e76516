from hipcli.cli import main

main()

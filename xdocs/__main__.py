"""``python -m xdocs`` runs the command line."""

from xdocs.cli import main

if __name__ == "__main__":
    main()

"""``python -m jiancha`` runs the command line."""

from jiancha.cli import main

main()

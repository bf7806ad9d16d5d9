#!/usr/bin/env python
"""Django's manage.py; the same as the `chancery` command."""

from chancery.cli import main

if __name__ == "__main__":
    main()

"""The data files DataLocator ships (map, databases, TOML tables, icons).

This folder stays at the top of the repository; the build installs it as the package
``app.resources`` so that an installed copy finds it through ``importlib.resources``
(``app/core/resources.py``), wherever it is installed.
"""

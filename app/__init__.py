"""DataLocator: where do my data actually live, and under which country's law?"""

__version__ = "0.1.0"

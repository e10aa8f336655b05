"""How a person's data travel: a mail's route from its `Received:` headers (``received``,
``mail_route``)."""

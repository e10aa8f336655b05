"""Where this computer sent data over time: the history store and what feeds it."""

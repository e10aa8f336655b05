"""The user's configured accounts (mail, photo and file sync), found in local files only."""

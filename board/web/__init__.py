"""The readers' pages: server-rendered views on the board's selectors and services (see ``board/urls.py``)."""

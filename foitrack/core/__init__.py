"""The pure core: calendars, regimes, events and the request lifecycle.

Nothing here does I/O, reads the clock or knows about the command line, so the
same events and the same calendar always give the same answer.
"""

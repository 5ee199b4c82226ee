"""Telling the user: the email digest and the iCalendar export."""

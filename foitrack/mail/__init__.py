"""The mail loop: requests out by email, replies back in as proposals.

``outgoing`` composes a request's message (Message-ID, subject tag); ``sources``
reads raw messages from IMAP, a Maildir, an mbox or .eml files; ``reading``
says what a message is; ``match`` says which request it belongs to and by
which rule. Nothing here writes the ledger: :mod:`foitrack.services.inbox` and
:mod:`foitrack.services.send` do, through the same path as ``log``.
"""

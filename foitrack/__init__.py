"""foitrack: track Freedom of Information requests to UK police forces.

The pure rules live in :mod:`foitrack.core`; storage in :mod:`foitrack.store`;
the command line in :mod:`foitrack.cli`.
"""

__version__ = "0.1.0"

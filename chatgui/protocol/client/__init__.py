"""The IRC client as a sans-IO state machine: see session.ClientSession.

Split by topic: address parsing, registration and CAP (session), rooms and people (rooms),
incoming messages (incoming) and what we send (outgoing).
"""

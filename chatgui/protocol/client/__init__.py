"""The IRC client as a sans-IO state machine: see session.ClientSession, its one API.

Split by topic: what a connection knows (state), registration and CAP (registration), rooms
and people (rooms, modes), incoming messages (incoming), what we send (outgoing), history
(history), address parsing (address); session.HANDLERS says which module takes each command.
"""

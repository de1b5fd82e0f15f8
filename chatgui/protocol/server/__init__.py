"""The IRC server as a sans-IO state machine: see state.ServerState.

Split by topic (registration, channels, messaging, modes, queries...); dispatch.COMMANDS says
which topic module's handler each command goes to, and every handler sees the server as a
context.ServerContext.
"""

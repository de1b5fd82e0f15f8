"""The IRC server as a sans-IO state machine: see state.ServerState.

Split by topic (registration, channels, messaging, modes, queries); each topic module
registers its command handlers in registry.COMMANDS.
"""

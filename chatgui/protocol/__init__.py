"""The sans-IO IRC core: bytes in, typed messages out, and back.

Rule: nothing here imports socket, selectors, ssl, threading, queue, asyncio, tkinter,
time or logging. The clock, when needed, comes in as an argument.
"""

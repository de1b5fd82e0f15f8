"""The network layer: the loop and every socket and thread (the room's server, the client).

Each worker runs one NetLoop thread; it speaks to the window only through the event queue and
never imports tkinter. What a line means is the sans-IO core's business (chatgui.protocol).
"""

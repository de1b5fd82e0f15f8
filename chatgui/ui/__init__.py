"""The Tk windows. Never imports socket, selectors, ssl or chatgui.net.loop: the workers are
reached only through their public methods and the event queue."""

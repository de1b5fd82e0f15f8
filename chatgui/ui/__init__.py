"""The Tk windows. Never imports socket, selectors, ssl or chatgui.netloop: the workers are
reached only through their public methods and the event queue."""

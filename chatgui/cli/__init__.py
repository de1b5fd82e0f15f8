"""The command line: `chatgui` opens the window, `chatgui serve` hosts a room without one."""

"""Every keyboard shortcut of the window, in one list: Help → Keyboard shortcuts shows it and
docs/keyboard.md has the same table (tests/ui/test_access_docs.py compares them)."""

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Enter", "Send the message"),
    ("Shift+Enter", "A new line in the message"),
    (
        "Tab",
        "Complete a name in the message box (again: the next name); nothing to complete: move on",
    ),
    ("@", "A list of names to pick from: Up/Down, then Enter or Tab; Esc closes it"),
    ("Tab / Shift+Tab", "Move to the next or previous button or field"),
    (
        "F6 / Shift+F6",
        "Move between the conversations, the messages, the message box and the people",
    ),
    ("Ctrl+Tab / Ctrl+Shift+Tab", "Next or previous conversation"),
    ("Alt+Down / Alt+Up", "Next or previous conversation"),
    ("Page Up / Page Down", "Scroll the messages"),
    ("Ctrl+Home / Ctrl+End", "The oldest or newest messages"),
    ("Menu or Shift+F10", "The menu of the person chosen in the list of people"),
    ("Enter (in the list of people)", "Write privately to the person chosen"),
    ("Ctrl+F", "Find words in the conversation"),
    ("Ctrl+A", "Select all the text in a field"),
    ("Ctrl+plus / Ctrl+minus", "Bigger or smaller text"),
    ("Alt+R / Alt+V / Alt+H", "Open the Room, View or Help menu"),
    ("Alt+letter, then a letter", "Choose a menu item by its underlined letter"),
    ("Esc", "Close a dialog, a menu or the find bar"),
)
"""(keys, what they do), in the order the table shows them."""

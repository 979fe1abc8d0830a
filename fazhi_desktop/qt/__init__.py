"""The PySide6 face of the program: windows, models, widgets, dialogs. Calls core; holds no business rules."""

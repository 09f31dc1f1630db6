"""The desktop wizard: the only package that imports PySide6 / qasync."""

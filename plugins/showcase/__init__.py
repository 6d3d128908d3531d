"""产改案例馆: a MkDocs plugin that turns structured case files into a cross-linked portal."""

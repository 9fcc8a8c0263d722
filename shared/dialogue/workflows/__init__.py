"""The offline engine's workflows, each a frame: the slots it needs, how it asks for and checks
each, what it confirms and what it does (docs/dialogue.md)."""

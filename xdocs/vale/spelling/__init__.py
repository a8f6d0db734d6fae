"""Spell checking for ``spelling`` rules: Hunspell dictionaries and Vale's word tokenizer."""

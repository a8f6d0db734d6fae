"""Sections judged by substance: a classifier over blocks of card content.

* :mod:`~xdocs.card.classify.blocks` cuts a Markdown card into blocks;
* :mod:`~xdocs.card.classify.features` describes each block (its words, its
  shape, where it sits);
* :mod:`~xdocs.card.classify.linear` scores them with the trained linear model
  (``section_model.json``, plain JSON);
* :mod:`~xdocs.card.classify.judge` turns block scores into section statuses
  with evidence;
* :mod:`~xdocs.card.classify.train` retrains the model from the hand labels in
  ``tests/card/labels`` (scikit-learn, only needed to retrain).
"""

from xdocs.card.classify.judge import judge_sections
from xdocs.card.classify.linear import active_model, load_model, using_model

__all__ = ["active_model", "judge_sections", "load_model", "using_model"]

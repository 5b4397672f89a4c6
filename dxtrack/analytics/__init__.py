"""dxtrack's number core: pure, typed functions behind every figure the product shows.

No Django and no other dxtrack package is imported here (an import-linter contract enforces
it), so every function can be tested without a database against published results.

=====================  ===========================================================
Module                 What it answers
=====================  ===========================================================
``periods``            which reporting period, its dates (calendar or statutory 15→14)
``hierarchy``          the tree of units: children, leaves, ancestors, depth
``aggregation``        the figure for a subtree of units, over time, across mergers
``targets``            is the target met, what was expected by now, did every unit meet it
``progress``           on track or not: linear share, Open SDG, UNSD projection ratio
``projection``         where the trend leads, the required path, when the target is reached
``composite``          normalised, weighted indices (DESI, DTI), points, rankings with ties
``errors``             :class:`AnalyticsError`, the single exception type
=====================  ===========================================================
"""

"""Article types (TAXONOMY.md): the taxonomy, weak labels, the scikit-learn model and its evaluation.

Until the classifier lands, ``vks process`` leaves ``articles.article_type`` and ``type_score`` empty.
"""

"""The QAPI reader: schema expressions (:mod:`.schema`) and doc comments (:mod:`.doc`)."""

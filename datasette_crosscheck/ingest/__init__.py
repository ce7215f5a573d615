"""Load: input files to the articles, sentences and figures tables (formats, cleaning, layout, metadata,
segment, boilerplate, dates; `load` writes them)."""

"""The crosscheck pages, their JSON twins, and the links and stored queries added to Datasette's own pages.

    views.py      route handlers: find the database, check access and parameters, query, present, render
    stories.py    the stories pages, and the story filter and links of the statements pages
    common.py     options, URLs, rendering, the 404 pages
    params.py     every request parameter checked (400/404 with a message; the time limit as a 503)
    access.py     view-database and view-table on every table a page reads
    queries.py, story_queries.py   the pages' SQL, and the stored queries
    present.py    rows turned into the pages' plain data (the JSON)
    highlight.py  a version's edits as escaped HTML
    menus.py      action menus and cell links on Datasette's own pages
    stored.py     the stored queries and their permission hooks
"""

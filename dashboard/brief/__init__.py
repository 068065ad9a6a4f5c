"""The donor brief: one donor's view as a PDF and an HTML file, from the app or the command line.

``document`` gathers the figures, charts, tables and sources (pure); ``chart_images`` renders the charts to
PNG offline (plotly + kaleido on the system Chromium); ``render_html`` and ``render_pdf`` lay them out;
``cli`` is ``python -m dashboard brief``.
"""

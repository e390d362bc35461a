"""Renderers: Markdown to safe HTML, course to HTML pages."""

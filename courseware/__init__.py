"""courseware: author e-learning courses as YAML; build HTML, PDFs, quiz banks and LMS packages."""

__version__ = "0.1.0"

"""Document outputs shared by every domain: PDF (WeasyPrint), DOCX (python-docx), SVG charts."""

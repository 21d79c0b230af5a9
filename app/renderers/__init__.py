"""Pure renderers: data in, bytes out (PDF, CSV, XLSX). No database, no request."""

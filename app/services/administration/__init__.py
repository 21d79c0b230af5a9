"""Administration: accounts, organisations, password links, bulk import, API tokens, audit."""

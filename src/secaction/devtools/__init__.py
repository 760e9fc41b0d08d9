"""Development tools: demo data and synthetic load data, never needed to run the site."""

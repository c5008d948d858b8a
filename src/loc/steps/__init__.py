"""The pipeline's steps, one module each: extract, translate, check, status, compile, run."""

"""Running the pipeline over files: corpus reading, batches, cache, output, export, bench."""

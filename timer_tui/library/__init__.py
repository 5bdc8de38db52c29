"""Session files and user files: where they live, finding and watching them, the config, atomic writes."""

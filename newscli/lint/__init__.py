"""The lint run: check each file, collect the results, compare the collection, decide the exit."""
